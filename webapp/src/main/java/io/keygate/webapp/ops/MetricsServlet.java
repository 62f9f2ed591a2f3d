package io.keygate.webapp.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /metrics}: every meter of keygate's registry (keygate's own, the connection pool's, the JVM's, and
 * those other modules put in Micrometer's global registry) in the Prometheus text exposition format 0.0.4. Enable it
 * in {@code web.xml} and keep it out of the filter ({@code exclude-paths}); restrict it at the network or proxy if
 * the numbers are sensitive for you:
 *
 * <pre>{@code
 * <servlet><servlet-name>keygate-metrics</servlet-name>
 *   <servlet-class>io.keygate.webapp.ops.MetricsServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>keygate-metrics</servlet-name><url-pattern>/metrics</url-pattern></servlet-mapping>
 * }</pre>
 *
 * It reads the registry {@code KeygateListener} publishes under {@link #REGISTRY_ATTRIBUTE}; without one it answers
 * 503 JSON.
 */
public class MetricsServlet extends JsonOnlyGet {

    /** ServletContext attribute holding the {@link PrometheusMeterRegistry} to scrape. */
    public static final String REGISTRY_ATTRIBUTE = "io.keygate.webapp.ops.PrometheusMeterRegistry";
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (getServletContext().getAttribute(REGISTRY_ATTRIBUTE) instanceof PrometheusMeterRegistry registry) {
            write(response, 200, CONTENT_TYPE, registry.scrape());
        } else {
            write(response, 503, "application/json", "{\"error\":\"Service unavailable\",\"detail\":"
                    + "\"no meter registry is published: declare io.keygate.webapp.KeygateListener in web.xml\"}");
        }
    }
}
