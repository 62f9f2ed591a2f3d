package io.keygate.http;

import io.keygate.Keygate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * API-key authentication for every request it is mapped to: {@code Authorization: Bearer <key>}. Reads the
 * credential, lets keygate's engine decide, and either answers (401/403/429/400/503) or runs the chain with the
 * key's principal. All of it is {@link HttpAuthenticator}'s; this class is the servlet-filter adapter around it.
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

    /**
     * ServletContext attribute, followed by the filter's name, under which an initialized filter publishes its
     * {@link HttpAuthenticator} (until {@code destroy}): another entry point of the same application that takes a key
     * some other way (a console's sign-in form) verifies it through this filter's engine, so the failed-authentication
     * limit, the key cache, expiry, revocation and plans apply to it exactly as to API calls.
     */
    public static final String AUTHENTICATOR_ATTRIBUTE_PREFIX = HttpAuthenticator.class.getName() + ".";

    private static final System.Logger LOG = System.getLogger(ApiKeyAuthFilter.class.getName());

    private Keygate keygate;
    private AuthSettings settings;
    private HttpAuthenticator http;
    /** Where {@link #http} is published, or null (a unit test's FilterConfig without a context). */
    private ServletContext publishedIn;
    private String publishedAs;

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
        http = new HttpAuthenticator(keygate, settings);
        ServletContext context = config.getServletContext();
        if (context != null) {
            publishedIn = context;
            publishedAs = AUTHENTICATOR_ATTRIBUTE_PREFIX + config.getFilterName();
            context.setAttribute(publishedAs, http);
        }
        LOG.log(Level.INFO, "keygate ApiKeyAuthFilter ready: " + http.describe());
    }

    private static ServletException fail(String message) {
        LOG.log(Level.ERROR, message);
        return new ServletException(message);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        String path = HttpAuthenticator.path(request);
        if (http.excluded(path)) {
            chain.doFilter(req, res);
            return;
        }
        ApiKeyPrincipal principal = http.respond(response, http.decide(request, path));
        if (principal != null) {
            chain.doFilter(http.authenticated(request, principal), response);
        }
    }

    @Override
    public void destroy() {
        if (publishedIn != null) {
            publishedIn.removeAttribute(publishedAs);
        }
        if (http != null) {
            http.close();
        }
    }

    /** The effective settings (after init). */
    public AuthSettings settings() {
        return settings;
    }
}
