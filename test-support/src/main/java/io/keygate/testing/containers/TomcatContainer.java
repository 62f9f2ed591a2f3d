package io.keygate.testing.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An unpacked Apache Tomcat distribution run with {@code catalina.sh run} and its own CATALINA_BASE: a minimal
 * server.xml (no shutdown port, HTTP on 127.0.0.1 only, the usual leak-prevention listeners, auto-deployment
 * checked every second so that removing the WAR undeploys the application), the distribution's
 * conf/web.xml, and no logging.properties, so every log line (leak warnings included) goes to the console log.
 */
public final class TomcatContainer extends ServletContainer {

    private String contextXml;
    private final java.util.List<Path> libJars = new java.util.ArrayList<>();

    public TomcatContainer(String name, Path home) {
        super(name, home);
    }

    /**
     * The server-wide {@code conf/context.xml} (e.g. a JNDI {@code <Resource>} every application sees), written at
     * the first start.
     */
    public TomcatContainer contextXml(String xml) {
        this.contextXml = xml;
        return this;
    }

    /** A jar for {@code CATALINA_BASE/lib} (the common class loader: a JDBC driver for a container DataSource). */
    public TomcatContainer libJar(Path jar) {
        libJars.add(jar);
        return this;
    }

    public static TomcatContainer tomcat11() {
        return new TomcatContainer("tomcat11", Path.of(System.getProperty("it.tomcat11.home",
                "target/containers/apache-tomcat-11.0.14")));
    }

    public static TomcatContainer tomcat10() {
        return new TomcatContainer("tomcat10", Path.of(System.getProperty("it.tomcat10.home",
                "target/containers/apache-tomcat-10.1.59")));
    }

    @Override
    protected void prepareBase() throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        Files.createDirectories(base.resolve("logs"));
        Files.createDirectories(base.resolve("temp"));
        Files.createDirectories(base.resolve("work"));
        Files.copy(home.resolve("conf/web.xml"), conf.resolve("web.xml"));
        if (contextXml != null) {
            Files.writeString(conf.resolve("context.xml"), contextXml);
        }
        Path lib = Files.createDirectories(base.resolve("lib"));
        for (Path jar : libJars) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        Files.writeString(conf.resolve("server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
                  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener"/>
                  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener"/>
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" connectionTimeout="20000"/>
                    <Engine name="Catalina" defaultHost="localhost" backgroundProcessorDelay="1">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port));
        copyWar(base.resolve("webapps"));
    }

    @Override
    protected List<String> command(List<String> jvmOptions) {
        return List.of("bash", home.resolve("bin/catalina.sh").toString(), "run");
    }

    @Override
    protected String undeployedMarker() {
        return "Undeploying context [" + contextPath + "]";
    }

    /** catalina.sh passes CATALINA_OPTS through {@code eval}: a ';' in a JDBC URL would end the command. */
    static String shellQuote(String option) {
        return "'" + option.replace("'", "'\\''") + "'";
    }

    @Override
    protected Map<String, String> containerEnvironment(List<String> jvmOptions) {
        return Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                "CATALINA_OPTS", String.join(" ", jvmOptions.stream().map(TomcatContainer::shellQuote).toList()), "CATALINA_PID", base.resolve("tomcat.pid").toString());
    }
}
