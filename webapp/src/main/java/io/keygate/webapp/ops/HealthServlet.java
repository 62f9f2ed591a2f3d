package io.keygate.webapp.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * {@code GET /health}: {@code {"status":"UP"|"DOWN","checks":{"database":"UP"|"DOWN","redis":"UP"|"DOWN"|"DISABLED"}}},
 * 200 when UP and 503 when DOWN (see {@link HealthCheck} for what each state means). Enable it in {@code web.xml}
 * and keep it out of the filter ({@code exclude-paths}), so load balancers need no key:
 *
 * <pre>{@code
 * <servlet><servlet-name>keygate-health</servlet-name>
 *   <servlet-class>io.keygate.webapp.ops.HealthServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>keygate-health</servlet-name><url-pattern>/health</url-pattern></servlet-mapping>
 * }</pre>
 *
 * It reads the {@link HealthCheck} that {@code KeygateListener} publishes. Without one (the listener is missing or
 * failed) it answers 503 with every check {@code DOWN}: nothing that needs keygate can be served.
 */
public class HealthServlet extends JsonOnlyGet {

    private static final System.Logger LOG = System.getLogger(HealthServlet.class.getName());
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();
    private static final HealthCheck.Report NOT_RUNNING = new HealthCheck.Report(HealthCheck.State.DOWN,
            HealthCheck.State.DOWN, HealthCheck.State.DOWN);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthCheck.Report report;
        if (getServletContext().getAttribute(HealthCheck.CONTEXT_ATTRIBUTE) instanceof HealthCheck check) {
            report = check.check();
        } else {
            if (warned.compareAndSet(false, true)) { // once: a load balancer polls this every few seconds
                LOG.log(Level.WARNING, "keygate: /health has no HealthCheck in servlet context attribute '"
                        + HealthCheck.CONTEXT_ATTRIBUTE + "': declare io.keygate.webapp.KeygateListener in web.xml");
            }
            report = NOT_RUNNING;
        }
        write(response, report.httpStatus(), "application/json", report.toJson());
    }
}
