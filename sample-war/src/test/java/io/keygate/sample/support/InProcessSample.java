package io.keygate.sample.support;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.config.SampleConfig;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample's servlets (Jersey's among them) and the filter in an embedded Jetty on a free loopback port, with the
 * servlets, mappings and init-params of the real {@code WEB-INF/web.xml}, over a {@link SampleApplication} started
 * on a given database.
 * For fast tests of paths that a container adds nothing to (JSON validation, database outages).
 */
public final class InProcessSample implements AutoCloseable {

    private final SampleApplication app;
    private final Server server;
    private final String adminKey;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private InProcessSample(String jdbcUrl, String user, String redisUrl) throws Exception {
        this(jdbcUrl, user, KeyFormat.standard().generate(Environment.LIVE).plaintext(),
                redisUrl == null ? Map.of() : Map.of(SampleConfig.REDIS_URL, redisUrl), Clock.systemUTC(), null);
    }

    /**
     * @param clock   the application's clock (keygate's and the console's)
     * @param webRoot the directory the WAR's static files are read from ({@code ServletContext.getResource}), or null
     */
    private InProcessSample(String jdbcUrl, String user, String adminKey, Map<String, String> settings, Clock clock,
                            Path webRoot) throws Exception {
        this.adminKey = adminKey;
        Map<String, String> environment = new java.util.HashMap<>(settings);
        environment.putAll(Map.of(SampleConfig.JDBC_URL, jdbcUrl, SampleConfig.JDBC_USER, user,
                SampleConfig.BOOTSTRAP_KEY, adminKey));
        SampleConfig config = SampleConfig.from(p -> null, environment::get);
        this.app = SampleApplication.start(config, clock, new PrintStream(stdout, true, StandardCharsets.UTF_8));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (webRoot != null) {
            context.setBaseResourceAsPath(webRoot);
        }
        context.setAttribute(SampleApplication.CONTEXT_ATTRIBUTE, app);
        context.setAttribute(Keygate.CONTEXT_ATTRIBUTE, app.keygate());
        context.setAttribute(io.keygate.webapp.ops.HealthCheck.CONTEXT_ATTRIBUTE, app.runtime().health());
        context.setAttribute(io.keygate.webapp.ops.MetricsServlet.REGISTRY_ATTRIBUTE, app.runtime().meterRegistry());
        // the filter as web.xml declares it: by class, configured by its init-params, finding the Keygate above
        FilterHolder filter = new FilterHolder(ApiKeyAuthFilter.class);
        filter.setName("keygate");
        filter.setInitParameters(webXmlFilterParams());
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        for (WebXmlServlet servlet : webXmlServlets()) {
            ServletHolder holder = new ServletHolder(servlet.name(),
                    Class.forName(servlet.className()).asSubclass(jakarta.servlet.Servlet.class));
            holder.setInitParameters(servlet.initParams());
            holder.setInitOrder(1);
            for (String pattern : servlet.urlPatterns()) {
                context.addServlet(holder, pattern);
            }
        }
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/keygate-sample-error");
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
    }

    /** Starts on an H2 file database in {@code directory}. */
    public static InProcessSample onH2(Path directory) throws Exception {
        return new InProcessSample("jdbc:h2:file:" + directory.resolve("keygate").toAbsolutePath(), "sa", null);
    }

    /** Starts on an H2 file database in {@code directory} with Redis backends at {@code redisUrl}. */
    public static InProcessSample onH2WithRedis(Path directory, String redisUrl) throws Exception {
        return new InProcessSample("jdbc:h2:file:" + directory.resolve("keygate").toAbsolutePath(), "sa", redisUrl);
    }

    /**
     * Starts on an H2 file database in {@code directory}, on {@code clock} (the tests move it), with the WAR's static
     * files read from {@code webRoot}.
     */
    public static InProcessSample onH2(Path directory, Clock clock, Path webRoot) throws Exception {
        return new InProcessSample("jdbc:h2:file:" + directory.resolve("keygate").toAbsolutePath(), "sa",
                KeyFormat.standard().generate(Environment.LIVE).plaintext(), Map.of(), clock, webRoot);
    }

    public static InProcessSample on(String jdbcUrl, String user) throws Exception {
        return new InProcessSample(jdbcUrl, user, null);
    }

    /**
     * A node of a cluster: on a shared database, with more settings (e.g. {@code KEYGATE_REDIS_URL}), and the given
     * bootstrap admin key (the first node creates it; the others find an admin and create nothing).
     */
    public static InProcessSample node(String jdbcUrl, String user, String adminKey, Map<String, String> settings)
            throws Exception {
        return new InProcessSample(jdbcUrl, user, adminKey, settings, Clock.systemUTC(), null);
    }

    /** A servlet of WEB-INF/web.xml: its class, init-params and URL patterns. */
    public record WebXmlServlet(String name, String className, Map<String, String> initParams,
                                List<String> urlPatterns) {
    }

    /** The servlets exactly as WEB-INF/web.xml declares them. */
    public static List<WebXmlServlet> webXmlServlets() throws Exception {
        Element root = webXml();
        List<WebXmlServlet> out = new ArrayList<>();
        NodeList servlets = root.getElementsByTagName("servlet");
        NodeList mappings = root.getElementsByTagName("servlet-mapping");
        for (int i = 0; i < servlets.getLength(); i++) {
            Element s = (Element) servlets.item(i);
            String name = text(s, "servlet-name");
            List<String> urls = new ArrayList<>();
            for (int j = 0; j < mappings.getLength(); j++) {
                Element m = (Element) mappings.item(j);
                if (text(m, "servlet-name").equals(name)) {
                    NodeList patternNodes = m.getElementsByTagName("url-pattern");
                    for (int k = 0; k < patternNodes.getLength(); k++) {
                        urls.add(patternNodes.item(k).getTextContent().trim());
                    }
                }
            }
            out.add(new WebXmlServlet(name, text(s, "servlet-class"), initParams(s), urls));
        }
        return out;
    }

    private static Element webXml() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("src/main/webapp/WEB-INF/web.xml").toFile()).getDocumentElement();
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    /** The filter's init-params exactly as WEB-INF/web.xml declares them. */
    public static Map<String, String> webXmlFilterParams() throws Exception {
        return initParams((Element) webXml().getElementsByTagName("filter").item(0));
    }

    private static Map<String, String> initParams(Element parent) {
        Map<String, String> params = new LinkedHashMap<>();
        NodeList list = parent.getElementsByTagName("init-param");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            params.put(text(p, "param-name"), text(p, "param-value"));
        }
        return params;
    }

    public SampleApplication app() {
        return app;
    }

    public String adminKey() {
        return adminKey;
    }

    public String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            app.close();
        }
    }
}
