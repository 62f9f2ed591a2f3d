package io.keygate.jakarta;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.http.AuthSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;

/**
 * The one place where the mechanism meets keygate's HTTP pipeline. It runs {@link ApiKeyAuthFilter} on the request
 * with a chain that only records whom the filter authenticated, so every decision, body, header, limit and meter
 * is the filter's own: on success the filter has added the rate-limit headers to the response; on rejection it has
 * written the whole response (401/403/429/503/400) and the chain never ran.
 *
 * <p>When the servlet-free engine lands, this class calls its HTTP entry point instead of the filter; nothing else
 * in the module changes. Thread-safe: the filter is, and each call has its own chain.
 */
public final class KeygateHttpAuthentication implements AutoCloseable {

    /** Name of the filter instance in keygate's start-up log line. */
    public static final String FILTER_NAME = "keygate-jakarta-security";

    private final ApiKeyAuthFilter filter;
    private final AuthSettings settings;

    /**
     * Builds and initializes the pipeline.
     *
     * @throws ServletException if the filter refuses to start
     */
    public KeygateHttpAuthentication(Keygate keygate, AuthSettings settings, ServletContext servletContext)
            throws ServletException {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.filter = new ApiKeyAuthFilter(Objects.requireNonNull(keygate, "keygate cannot be null"), settings);
        filter.init(new MinimalFilterConfig(servletContext));
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

    public Result authenticate(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        RecordingChain chain = new RecordingChain();
        filter.doFilter(request, response, chain);
        if (!chain.called) {
            return new Result.Rejected();
        }
        return chain.principal != null ? new Result.Authenticated(chain.principal) : new Result.NotApplicable();
    }

    /**
     * Whether the request offers a credential keygate must judge even where the application does not ask for
     * one: an {@code Authorization} header (a bad one is answered 401, as RFC 6750 asks), or a key in the query
     * string (answered 400, so that the mistake is not silently accepted). Mirrors the filter's steps 2 and 3;
     * the engine's credential reader replaces it.
     */
    public boolean presentsCredential(HttpServletRequest request) {
        Enumeration<String> authorization = request.getHeaders("Authorization");
        if (authorization != null && authorization.hasMoreElements()) {
            return true;
        }
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // undecodable: compare it as it is, like the filter
            }
            if (settings.keyQueryParams().contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Stops the pipeline: meters, the last-used writer and the revocation listener are released. */
    @Override
    public void close() {
        filter.destroy();
    }

    /** Records the principal of the request the filter passes on; the application is not called from here. */
    private static final class RecordingChain implements FilterChain {
        private boolean called;
        private ApiKeyPrincipal principal;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            called = true;
            if (request instanceof HttpServletRequest http) {
                Principal p = http.getUserPrincipal();
                if (p instanceof ApiKeyPrincipal key) {
                    principal = key;
                }
            }
        }
    }

    /** The filter is given its Keygate and settings, so it reads nothing from its config but the name. */
    private record MinimalFilterConfig(ServletContext servletContext) implements FilterConfig {
        @Override
        public String getFilterName() {
            return FILTER_NAME;
        }

        @Override
        public ServletContext getServletContext() {
            return servletContext;
        }

        @Override
        public String getInitParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.emptyEnumeration();
        }
    }
}
