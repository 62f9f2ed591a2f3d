package io.keygate.http;

import io.keygate.Keygate;
import io.keygate.metrics.AuthMetrics;
import io.keygate.store.LastUsedRecorder;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.FailureLimiter;
import io.keygate.verify.KeyResolver;
import io.keygate.verify.Verifier;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * API-key authentication for every request it is mapped to: {@code Authorization: Bearer <key>}.
 *
 * <h2>Registration</h2>
 * In {@code web.xml} (settings from init-params; the {@link Keygate} from the ServletContext attribute
 * {@link Keygate#CONTEXT_ATTRIBUTE}, published by the application's {@code ServletContextListener}, which runs
 * before filters are initialized):
 * <pre>{@code
 * <filter>
 *   <filter-name>keygate</filter-name>
 *   <filter-class>io.keygate.http.ApiKeyAuthFilter</filter-class>
 *   <init-param><param-name>exclude-paths</param-name><param-value>/health</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>keygate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 * or programmatically: {@code servletContext.addFilter("keygate", new ApiKeyAuthFilter(keygate, settings))}.
 *
 * <h2>Deployment notes</h2>
 * <ul>
 *   <li>Order: map it before any filter or servlet that relies on {@code getUserPrincipal()}.</li>
 *   <li>Only {@code REQUEST} dispatches are authenticated; forwards, includes and error dispatches of an
 *       authenticated request keep its wrapper, and are not checked again.</li>
 *   <li>Behind a reverse proxy, the failed-authentication limit counts the proxy's address unless
 *       {@code client-address-header} names the header the proxy sets.</li>
 * </ul>
 */
public class ApiKeyAuthFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(ApiKeyAuthFilter.class.getName());
    private static final int MAX_TOKEN_LENGTH = 256;
    private static final String BEARER = "Bearer";

    private Keygate keygate;
    private AuthSettings settings;
    private AuthMetrics metrics;
    private KeyResolver resolver;
    private Verifier verifier;
    private LastUsedRecorder lastUsed;
    private Responder responder;

    /** For {@code web.xml}: collaborators come from the ServletContext, settings from init-params. */
    public ApiKeyAuthFilter() {
    }

    /** For programmatic registration. */
    public ApiKeyAuthFilter(Keygate keygate, AuthSettings settings) {
        this.keygate = Objects.requireNonNull(keygate, "keygate cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (keygate == null) {
            Object attribute = config.getServletContext().getAttribute(Keygate.CONTEXT_ATTRIBUTE);
            if (!(attribute instanceof Keygate k)) {
                throw fail("ApiKeyAuthFilter '" + config.getFilterName() + "' needs a Keygate: build one in a "
                        + "ServletContextListener and set it as servlet context attribute '"
                        + Keygate.CONTEXT_ATTRIBUTE + "', or register new ApiKeyAuthFilter(keygate, settings)");
            }
            keygate = k;
        }
        if (settings == null) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : Collections.list(config.getInitParameterNames())) {
                params.put(name, config.getInitParameter(name));
            }
            try {
                settings = AuthSettings.fromInitParams(params);
            } catch (IllegalArgumentException e) {
                throw fail("ApiKeyAuthFilter '" + config.getFilterName() + "': " + e.getMessage());
            }
        }
        start();
    }

    private static ServletException fail(String message) {
        LOG.log(Level.ERROR, message);
        return new ServletException(message);
    }

    private void start() {
        metrics = new AuthMetrics(keygate.meterRegistry());
        resolver = new KeyResolver(keygate.store(), keygate.clock(), metrics, settings.cacheMaxSize(),
                settings.cacheTtl(), settings.staleIfError(), settings.negativeCacheMaxSize(),
                settings.negativeCacheTtl());
        metrics.bindCache(resolver.cache());
        FailureLimiter failures = new FailureLimiter(settings.failedAuthLimit(), settings.failedAuthMaxClients(),
                keygate.clock());
        verifier = new Verifier(keygate.format(), failures, resolver, keygate.plans(), keygate.rateLimiter(),
                keygate.clock(), settings.adminPaths(), settings.restrictions(), settings.readMethods(),
                settings.rateLimitScope() == RateLimitScope.ORGANIZATION, settings.unavailableRetryAfterSeconds());
        lastUsed = new LastUsedRecorder(keygate.store(), keygate.clock(), metrics, settings.lastUsedFlushInterval(),
                settings.lastUsedMaxPending());
        responder = new Responder(settings, keygate.clock());
        keygate.service().addListener(resolver);
        LOG.log(Level.INFO, "keygate ApiKeyAuthFilter ready: " + describe());
    }

    private String describe() {
        return "realm=" + settings.realm() + ", prefixes=" + keygate.format().livePrefix() + "/"
                + keygate.format().testPrefix() + ", exclude=" + settings.excludePaths() + ", admin="
                + settings.adminPaths() + ", restrictions=" + settings.restrictions() + ", cache="
                + settings.cacheMaxSize() + "/" + settings.cacheTtl().toSeconds() + "s (stale-if-error "
                + settings.staleIfError().toSeconds() + "s, negative " + settings.negativeCacheTtl().toSeconds()
                + "s), failed-auth-limit=" + settings.failedAuthLimit() + ", rate-limit-scope="
                + settings.rateLimitScope().paramValue() + ", headers=" + settings.rateLimitHeaders().paramValue()
                + ", limiter=" + keygate.rateLimiter().getClass().getSimpleName() + ", store="
                + keygate.store().getClass().getSimpleName() + ", problem-json=" + settings.problemJson()
                + ", last-used-flush=" + settings.lastUsedFlushInterval().toSeconds() + "s";
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        String path = pathInApplication(request);
        for (PathPattern excluded : settings.excludePaths()) {
            if (excluded.matches(path)) {
                chain.doFilter(req, res);
                return;
            }
        }
        long started = System.nanoTime();
        AuthOutcome outcome = decide(request, path);
        if (outcome instanceof AuthOutcome.Authenticated ok) {
            ApiKeyPrincipal principal = ApiKeyPrincipal.of(ok.key(), ok.planName());
            responder.rateLimitHeaders(response, ok.window(), ok.planName());
            lastUsed.touch(ok.key().id());
            AuthenticatedRequest wrapped =
                    new AuthenticatedRequest(request, principal, settings.hideAuthorizationHeader());
            wrapped.setAttribute(ApiKeyPrincipal.REQUEST_ATTRIBUTE, principal);
            metrics.outcome(outcome.metricOutcome(), System.nanoTime() - started);
            chain.doFilter(wrapped, response);
            return;
        }
        responder.reject(response, outcome);
        metrics.outcome(outcome.metricOutcome(), System.nanoTime() - started);
        if (LOG.isLoggable(Level.DEBUG)) {
            // the outcome and the path only: never the presented key
            LOG.log(Level.DEBUG, "rejected " + request.getMethod() + " " + path + ": " + outcome.metricOutcome());
        }
    }

    /** Steps 2 to 10 of the order of decisions. */
    private AuthOutcome decide(HttpServletRequest request, String path) {
        if (keyInQuery(request.getQueryString())) {
            return new AuthOutcome.KeyInUrl();
        }
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return new AuthOutcome.Missing(false);
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements()) {
            return new AuthOutcome.Missing(true);
        }
        String token = bearerToken(header);
        if (token == null) {
            return new AuthOutcome.Missing(true);
        }
        // methods are case-sensitive (RFC 9110): "get" is not GET and needs write like any other method
        return verifier.verify(token, clientAddress(request), path, request.getMethod());
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive), or null when malformed. */
    static String bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.charAt(BEARER.length()) != ' ') {
            return null;
        }
        int start = BEARER.length() + 1;
        while (start < header.length() && header.charAt(start) == ' ') {
            start++;
        }
        int end = header.length();
        while (end > start && header.charAt(end - 1) == ' ') {
            end--;
        }
        if (end == start || end - start > MAX_TOKEN_LENGTH) {
            return null;
        }
        for (int i = start; i < end; i++) {
            char c = header.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return null;
            }
        }
        return header.substring(start, end);
    }

    /**
     * Whether the raw query string names one of the key parameters. Reads the query string itself, never
     * {@code getParameter}, which would consume a form body the application may want to read.
     */
    private boolean keyInQuery(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        int pos = 0;
        while (pos <= query.length()) {
            int amp = query.indexOf('&', pos);
            int end = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', pos);
            int nameEnd = eq >= 0 && eq < end ? eq : end;
            if (nameEnd > pos) {
                String name = query.substring(pos, nameEnd);
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // undecodable: compare it as it is
                }
                if (settings.keyQueryParams().contains(name.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            if (amp < 0) {
                break;
            }
            pos = amp + 1;
        }
        return false;
    }

    private String clientAddress(HttpServletRequest request) {
        String header = settings.clientAddressHeader();
        if (header != null) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                // the last entry is the one our own proxy appended; earlier ones are the client's to forge
                int comma = value.lastIndexOf(',');
                String last = (comma < 0 ? value : value.substring(comma + 1)).trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return request.getRemoteAddr();
    }

    /** Servlet path plus path info: decoded and normalized by the container, without the context path. */
    static String pathInApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public void destroy() {
        if (keygate != null && resolver != null) {
            keygate.service().removeListener(resolver);
        }
        if (lastUsed != null) {
            lastUsed.close();
        }
        if (resolver != null) {
            resolver.invalidateAll();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The effective settings (after init). */
    public AuthSettings settings() {
        return settings;
    }
}
