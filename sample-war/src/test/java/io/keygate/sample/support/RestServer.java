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
 * around test resources, in Jersey's servlet in an embedded Jetty on a free loopback port. No filter, no database:
 * for tests of what Jersey and the mappers make of request bodies.
 */
public final class RestServer implements AutoCloseable {

    private final Server server = new Server();

    public RestServer(Class<?>... resources) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ServletContainer(new SampleRestApplication(List.of(resources)))), "/*");
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
