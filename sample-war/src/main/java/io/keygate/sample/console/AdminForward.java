package io.keygate.sample.console;

import io.keygate.http.ApiKeyPrincipal;
import io.keygate.http.HttpAuthenticator;
import io.keygate.http.Responses;
import io.keygate.keys.ApiKey;
import io.keygate.sample.rest.Errors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code /console/api/admin/<rest>}: the sample's admin API ({@code /admin/api/<rest>}, Jersey's resources) acting as
 * the session's key. The request is wrapped the way the keygate filter wraps an authenticated one
 * ({@link HttpAuthenticator#authenticated}: the key's {@link ApiKeyPrincipal}, roles from its permissions) and
 * forwarded; the resources then apply the same rules (§7.1), answers and audit (§7.5, with the browser's address) as
 * for a Bearer call. The keygate filter itself runs on {@code REQUEST} dispatches only, so the forward is not
 * authenticated a second time.
 *
 * <p>What the filter would have refused for the key is refused here first: an organization plan without API access
 * (403, the filter's body), decided by the filter's engine ({@link io.keygate.verify.Authenticator#planName}).
 * Console calls are not counted against the key's rate limit or its usage: they are the administrator's clicks, not
 * the key's API traffic.
 */
final class AdminForward {

    /** Where the admin API lives in the sample. */
    static final String ADMIN_API = "/admin/api";

    private final ServletContext context;

    AdminForward(ServletContext context) {
        this.context = Objects.requireNonNull(context, "context cannot be null");
    }

    /**
     * @param rest the decoded, normalized path below {@code /console/api/admin} (the container's path info), empty or
     *             starting with {@code /}
     */
    void forward(HttpServletRequest request, HttpServletResponse response, HttpAuthenticator http, Acting acting,
                 String rest) throws IOException, ServletException {
        ApiKey key = acting.key();
        String planName = http.engine().planName(key).orElse(null);
        if (planName == null) {
            ConsoleAnswers.error(request, response, 403, Responses.FORBIDDEN, Responses.DETAIL_PLAN);
            return;
        }
        String target = ADMIN_API + encodePath(rest);
        RequestDispatcher dispatcher = context.getRequestDispatcher(target);
        if (dispatcher == null) {
            ConsoleAnswers.error(request, response, 404, Errors.NOT_FOUND, "no resource at this path");
            return;
        }
        ApiKeyPrincipal principal = new ApiKeyPrincipal(key.id(), key.name(), key.organizationId(), key.teamId(),
                key.owner(), key.environment(), key.effectivePermissions(), key.restriction(), planName);
        dispatcher.forward(http.authenticated(request, principal), response);
    }

    /**
     * The path percent-encoded again for {@link ServletContext#getRequestDispatcher}, which takes an encoded path and
     * decodes and normalizes it itself. Built from the container's decoded, normalized path (never the raw request
     * URI, whose {@code %2e%2e} would be normalized only now, out of {@code /admin/api}).
     */
    static String encodePath(String decoded) {
        StringBuilder out = new StringBuilder(decoded.length() + 8);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-'
                    || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
