package io.keygate.http;

import io.keygate.Keygate;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.PathPattern;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * keygate for a servlet request: reads the credential, lets the engine ({@link Authenticator}) decide, and writes
 * the answer (the contract's error, or the rate-limit headers of an admitted request). The one piece every
 * servlet-based adapter shares: {@link ApiKeyAuthFilter} and the Jakarta Security mechanism call it the same way,
 * so they decide, answer and count alike.
 *
 * <pre>{@code
 * String path = HttpAuthenticator.path(request);
 * if (!http.excluded(path)) {
 *     ApiKeyPrincipal principal = http.respond(response, http.decide(request, path));
 *     if (principal == null) return;                       // the rejection is written
 *     chain.doFilter(http.authenticated(request, principal), response);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Close it when the adapter stops: it closes its engine.
 */
public final class HttpAuthenticator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpAuthenticator.class.getName());

    private final AuthSettings settings;
    private final Authenticator engine;
    private final CredentialReader reader;
    private final Responder responder;
    private final List<PathPattern> excluded;

    public HttpAuthenticator(Keygate keygate, AuthSettings settings) {
        this(Objects.requireNonNull(keygate, "keygate cannot be null"),
                Objects.requireNonNull(settings, "settings cannot be null"),
                new Authenticator(keygate, settings.engine()));
    }

    HttpAuthenticator(Keygate keygate, AuthSettings settings, Authenticator engine) {
        this.settings = settings;
        this.engine = engine;
        this.reader = new CredentialReader(settings.http());
        this.responder = new Responder(settings.http(), settings.engine().restrictions().keySet(), keygate.clock());
        this.excluded = settings.http().excludePaths();
    }

    /** The path the engine, exclusions and restriction templates see: servlet path plus path info. */
    public static String path(HttpServletRequest request) {
        return CredentialReader.pathInApplication(request);
    }

    /** Step 1: paths that pass without authentication. */
    public boolean excluded(String path) {
        // indexed: the for-each iterator showed up in the allocation profile of every request
        for (int i = 0; i < excluded.size(); i++) {
            if (excluded.get(i).matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Steps 2 and 3 alone: what the request presents ({@link Credential#MISSING} when it presents nothing). For
     * adapters that let requests without any credential through (a container mechanism on unprotected resources).
     */
    public Credential credential(HttpServletRequest request) {
        return reader.read(request);
    }

    /**
     * The address the failed-authentication limit counts this request against: the configured
     * {@code client-address-header}'s last entry, else the remote address. For adapters that hand the engine a
     * credential read some other way ({@link Authenticator#authenticate}), so that they count alike.
     */
    public String clientAddress(HttpServletRequest request) {
        return reader.clientAddress(request);
    }

    /** Steps 2 to 10: reads the request's credential and lets the engine decide. Writes nothing. */
    public AuthOutcome decide(HttpServletRequest request, String path) {
        // methods are case-sensitive (RFC 9110): "get" is not GET and needs write like any other method
        // the client address only when the engine needs it: containers may format it on every call
        return engine.authenticate(reader.read(request), () -> reader.clientAddress(request), path,
                request.getMethod());
    }

    /**
     * Writes the outcome: the rate-limit headers of an admitted request, or the whole rejection.
     *
     * @return the caller's principal when admitted; null when the response now holds the rejection
     */
    public ApiKeyPrincipal respond(HttpServletResponse response, AuthOutcome outcome) throws IOException {
        if (outcome instanceof AuthOutcome.Authenticated ok) {
            responder.rateLimitHeaders(response, ok.window(), ok.planName());
            return ApiKeyPrincipal.of(ok.key(), ok.planName(), ok.viaToken());
        }
        responder.reject(response, outcome);
        if (LOG.isLoggable(Level.DEBUG)) {
            // the outcome only: never the presented key
            LOG.log(Level.DEBUG, "rejected a request: " + outcome.metricOutcome());
        }
        return null;
    }

    /**
     * The request as the application sees it after authentication: {@code getUserPrincipal()} is the principal,
     * {@code isUserInRole} follows its permissions, {@code getAuthType()} is {@code BEARER}, the principal is the
     * request attribute {@link ApiKeyPrincipal#REQUEST_ATTRIBUTE}, and the {@code Authorization} header is hidden
     * unless configured otherwise.
     */
    public HttpServletRequest authenticated(HttpServletRequest request, ApiKeyPrincipal principal) {
        AuthenticatedRequest wrapped = new AuthenticatedRequest(request, principal,
                settings.http().hideAuthorizationHeader());
        wrapped.setAttribute(ApiKeyPrincipal.REQUEST_ATTRIBUTE, principal);
        return wrapped;
    }

    public AuthSettings settings() {
        return settings;
    }

    /** The engine this adapter decides with. */
    public Authenticator engine() {
        return engine;
    }

    /** One line of the effective configuration, for an INFO line at start. */
    public String describe() {
        return "realm=" + settings.realm() + ", exclude=" + settings.excludePaths() + ", " + engine.describe()
                + ", headers=" + settings.rateLimitHeaders().paramValue() + ", problem-json=" + settings.problemJson();
    }

    /** Closes the engine (final last-used flush, caches emptied, meters released). */
    @Override
    public void close() {
        engine.close();
    }
}
