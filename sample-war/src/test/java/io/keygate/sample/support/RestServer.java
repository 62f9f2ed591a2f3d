package io.keygate.sample.support;

import io.keygate.sample.rest.SampleRestApplication;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.servlet.ServletContainer;

import java.net.URI;
import java.util.List;

/**
 * The sample's Jakarta REST runtime (JSON, validation, body rules, error mappers of {@link SampleRestApplication})
 * around {@link EchoResource}, in Jersey's servlet (configured as in web.xml) in an embedded Jetty on a free loopback
 * port. No filter, no database: for tests of what Jersey and the mappers make of request bodies.
 */
public final class RestServer implements AutoCloseable {

    /** The sample's runtime with the test resource instead of the sample's. */
    public static final class EchoApplication extends SampleRestApplication {
        public EchoApplication() {
            super(List.of(EchoResource.class));
        }
    }

    private final Server server = new Server();

    public RestServer() throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder jersey = new ServletHolder(ServletContainer.class);
        jersey.setInitParameter("jakarta.ws.rs.Application", EchoApplication.class.getName());
        context.addServlet(jersey, "/*");
        server.setHandler(context);
        server.start();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
