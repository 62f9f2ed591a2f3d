package io.keygate.webapp;

import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.webapp.ops.HealthServlet;
import io.keygate.webapp.ops.MetricsServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.List;
import java.util.Map;

/**
 * A web application as an adopter's web.xml would declare it, in an embedded Jetty on a free loopback port: the
 * context-params, {@link KeygateListener} (after any listeners given), the filter on {@code /api/*} and the
 * {@code /health} and {@code /metrics} servlets. The context has a class loader of its own, as in a container,
 * so that deregistering "the web application's" JDBC drivers leaves the test's alone.
 */
final class EmbeddedWebapp implements AutoCloseable {

    final Server server = new Server();
    final ServletContextHandler context = new ServletContextHandler("/app");
    private final ServerConnector connector = new ServerConnector(server);

    EmbeddedWebapp(Map<String, String> contextParams, List<EventListener> listenersBefore) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context.setClassLoader(new URLClassLoader(new URL[0], EmbeddedWebapp.class.getClassLoader()));
        contextParams.forEach(context::setInitParameter);
        listenersBefore.forEach(context::addEventListener);
        context.addEventListener(new KeygateListener());
        FilterHolder filter = new FilterHolder(ApiKeyAuthFilter.class);
        filter.setName("keygate");
        filter.setInitParameter("admin-paths", "/api/keys/**");
        context.addFilter(filter, "/api/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("hello", new Hello()), "/api/hello");
        context.addServlet(new ServletHolder("keys", io.keygate.webapp.ops.KeysServlet.class), "/api/keys/*");
        context.addServlet(new ServletHolder("health", HealthServlet.class), "/health");
        context.addServlet(new ServletHolder("metrics", MetricsServlet.class), "/metrics");
        server.setHandler(context);
    }

    EmbeddedWebapp start() throws Exception {
        server.start();
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + path);
    }

    Object attribute(String name) {
        return context.getServletContext().getAttribute(name);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The adopter's own servlet: says who called. */
    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print("hello " + request.getUserPrincipal().getName());
        }
    }
}
