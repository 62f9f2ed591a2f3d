package io.keygate.http;

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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/** Embedded Jetty 12 (ee10) on a free loopback port, the filter on /*, an echo servlet behind it. */
final class JettyServer implements AutoCloseable {

    private final Server server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    JettyServer(ApiKeyAuthFilter filter) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    HttpResponse<String> send(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app" + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Raw HTTP/1.1 over a socket, for what HttpClient refuses to send (duplicate Authorization headers). */
    String raw(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Answers 200 with what the application sees of the caller. */
    static final class EchoServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/json");
            ApiKeyPrincipal p = (ApiKeyPrincipal) req.getUserPrincipal();
            resp.getWriter().write("{\"principal\":" + (p == null ? "null" : "\"" + p.getName() + "\"")
                    + ",\"organization\":" + (p == null ? "null" : "\"" + p.organizationId() + "\"")
                    + ",\"authType\":" + (req.getAuthType() == null ? "null" : "\"" + req.getAuthType() + "\"")
                    + ",\"admin\":" + req.isUserInRole("admin")
                    + ",\"authorizationVisible\":" + (req.getHeader("Authorization") != null) + "}");
        }
    }
}
