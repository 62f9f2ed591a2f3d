package io.keygate.jakarta;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.http.AuthSettings;
import io.keygate.http.HttpAuthenticator;
import io.keygate.verify.Credential;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * The one place where the mechanism meets keygate: the same {@link HttpAuthenticator} the servlet filter runs, so
 * every decision, body, header, limit and meter is the filter's own. On success the rate-limit headers are on the
 * response; on rejection the whole response (401/403/429/503/400) is written.
 *
 * <p>Thread-safe: the HTTP authenticator is.
 */
public final class KeygateHttpAuthentication implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KeygateHttpAuthentication.class.getName());

    private final HttpAuthenticator http;
    private final AuthSettings settings;

    public KeygateHttpAuthentication(Keygate keygate, AuthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.http = new HttpAuthenticator(Objects.requireNonNull(keygate, "keygate cannot be null"), settings);
        LOG.log(Level.INFO, "keygate Jakarta Security mechanism ready: " + http.describe());
    }

    /** What the pipeline made of a request. */
    public sealed interface Result {
        /** The key is valid and allowed: the rate-limit headers are on the response. */
        record Authenticated(ApiKeyPrincipal principal) implements Result {
        }

        /** Refused: keygate's error response is written, nothing else may be. */
        record Rejected() implements Result {
        }

        /** Not keygate's to judge (an excluded path, a non-REQUEST dispatch): the request goes on anonymously. */
        record NotApplicable() implements Result {
        }
    }

    public Result authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return new Result.NotApplicable();
        }
        String path = HttpAuthenticator.path(request);
        if (http.excluded(path)) {
            return new Result.NotApplicable();
        }
        ApiKeyPrincipal principal = http.respond(response, http.decide(request, path));
        return principal == null ? new Result.Rejected() : new Result.Authenticated(principal);
    }

    /**
     * Whether the request offers a credential keygate must judge even where the application does not ask for
     * one: an {@code Authorization} header (a bad one is answered 401, as RFC 6750 asks), or a key in the query
     * string (answered 400, so that the mistake is not silently accepted).
     */
    public boolean presentsCredential(HttpServletRequest request) {
        return http.credential(request) != Credential.MISSING;
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Stops the pipeline: meters, the last-used writer and the revocation listener are released. */
    @Override
    public void close() {
        http.close();
    }
}
