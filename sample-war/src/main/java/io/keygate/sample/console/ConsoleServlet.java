package io.keygate.sample.console;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.HttpAuthenticator;
import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.config.ConsoleSettings;
import io.keygate.sample.rest.Errors;
import io.keygate.store.StoreUnavailableException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Everything under {@code /console} (contract §9): the console's files, and its API under {@code /console/api}
 * ({@code session}, and {@code admin/**} acting as the session's key). Declared in {@code web.xml} for
 * {@code /console/*}; the keygate filter excludes {@code /console/**}, which is guarded by the console's own session.
 *
 * <p>Every answer carries the console's Content-Security-Policy, {@code nosniff} and {@code no-referrer}; API answers
 * are {@code no-store}; errors are JSON, never a container error page.
 *
 * <p>Deployment: the console verifies sign-ins through the engine of the keygate filter named by the init-param
 * {@value #FILTER_PARAM} (default {@value #DEFAULT_FILTER}), which publishes it when it initializes; sessions follow
 * {@link ConsoleSettings} (system properties / environment, read with the sample's configuration). Sessions live in this node's
 * memory: behind a load balancer, route a browser to the node it signed in on (sticky sessions).
 */
public class ConsoleServlet extends HttpServlet {

    /** Init-param: the {@code filter-name} of the {@link ApiKeyAuthFilter} whose engine verifies sign-ins. */
    public static final String FILTER_PARAM = "keygate-filter";
    public static final String DEFAULT_FILTER = "keygate";

    private static final System.Logger LOG = System.getLogger(ConsoleServlet.class.getName());

    private String filterName;
    private SessionStore sessions;
    private SessionEndpoint sessionEndpoint;
    private AdminForward admin;
    private StaticFiles files;

    @Override
    public void init() throws ServletException {
        SampleApplication app = SampleApplication.from(getServletContext());
        // read and checked with the sample's configuration: a bad value has failed the deployment already
        ConsoleSettings settings = app.console();
        String name = getInitParameter(FILTER_PARAM);
        filterName = name == null || name.isBlank() ? DEFAULT_FILTER : name.trim();
        Keygate keygate = app.keygate();
        // the application's clock (the runtime's), so that sessions age with everything else keygate times
        sessions = new SessionStore(settings, keygate.clock());
        sessionEndpoint = new SessionEndpoint(keygate, sessions, keygate.clock());
        admin = new AdminForward(getServletContext());
        files = new StaticFiles(getServletContext());
        LOG.log(Level.INFO, "keygate console ready: " + settings.describe() + ", sign-ins through filter '"
                + filterName + "'");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        ConsoleAnswers.secure(response);
        String path = request.getPathInfo();
        if (path == null) {
            // "/console": relative URLs of index.html need the trailing slash
            response.setStatus(302);
            response.setHeader("Location", request.getContextPath() + "/console/");
            return;
        }
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            files.serve(request, response, path);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        try {
            api(request, response, path.substring("/api".length()));
        } catch (StoreUnavailableException e) {
            if (!response.isCommitted()) {
                response.reset();
                ConsoleAnswers.secure(response);
                response.setHeader("Retry-After", Long.toString(Errors.UNAVAILABLE_RETRY_AFTER_SECONDS));
                ConsoleAnswers.error(request, response, 503, Errors.SERVICE_UNAVAILABLE,
                        "The database is temporarily unavailable. Retry after "
                                + Errors.UNAVAILABLE_RETRY_AFTER_SECONDS + " seconds.");
            }
        }
    }

    private void api(HttpServletRequest request, HttpServletResponse response, String rest)
            throws IOException, ServletException {
        HttpAuthenticator http = http();
        if (http == null) {
            LOG.log(Level.ERROR, "keygate console: no ApiKeyAuthFilter named '" + filterName + "' is running in this "
                    + "application (init-param " + FILTER_PARAM + " of the console servlet)");
            ConsoleAnswers.error(request, response, 503, Errors.SERVICE_UNAVAILABLE,
                    "the console cannot verify keys now");
            return;
        }
        if (rest.equals("/session")) {
            sessionEndpoint.handle(request, response, http);
            return;
        }
        if (rest.equals("/admin") || rest.startsWith("/admin/")) {
            Acting acting = sessionEndpoint.signedIn(request, response);
            if (acting != null && SessionEndpoint.csrfChecked(request, response, acting.session())) {
                admin.forward(request, response, http, acting, rest.substring("/admin".length()));
            }
            return;
        }
        ConsoleAnswers.error(request, response, 404, Errors.NOT_FOUND, "no console API at this path");
    }

    /** The keygate filter's engine; looked up per call, since containers initialize filters in no set order. */
    private HttpAuthenticator http() {
        Object published = getServletContext().getAttribute(ApiKeyAuthFilter.AUTHENTICATOR_ATTRIBUTE_PREFIX
                + filterName);
        return published instanceof HttpAuthenticator h ? h : null;
    }

    @Override
    public void destroy() {
        if (sessions != null) {
            sessions.clear();
        }
    }
}
