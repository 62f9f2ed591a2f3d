package io.keygate.jakarta.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An unpacked WildFly distribution (standalone, default profile) with a server base directory of its own: the
 * distribution's configuration copied, every port free and on 127.0.0.1, and the one change Jakarta Security with an
 * application's own mechanism needs ({@code integrated-jaspi="false"} on Undertow's application security domain
 * {@code other}, as WildFly's ee-security quickstart sets it). The example WAR is deployed by the deployment scanner
 * as {@code example.war}.
 */
public final class WildFly extends JakartaServer {

    static final String OTHER_DOMAIN = "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>";
    static final String OTHER_DOMAIN_OWN_IDENTITIES =
            "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\" integrated-jaspi=\"false\"/>";

    private final Path home;

    public WildFly() {
        super("wildfly");
        this.home = Path.of(System.getProperty("it.wildfly.home", "target/servers/wildfly"));
    }

    @Override
    protected List<String> command(List<String> jvmOptions) throws IOException {
        if (!Files.isDirectory(home.resolve("bin"))) {
            throw new IllegalStateException("no WildFly at " + home + ": run the ITs through 'mvn verify'");
        }
        Path configuration = base.resolve("configuration");
        if (!Files.exists(configuration)) {
            copyConfiguration(configuration);
            Path deployments = Files.createDirectories(base.resolve("deployments"));
            Files.copy(exampleWar(), deployments.resolve(CONTEXT_PATH.substring(1) + ".war"));
        }
        int[] other = freePorts(6);
        return List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.http.port=" + port, "-Djboss.https.port=" + other[0],
                "-Djboss.management.http.port=" + other[1], "-Djboss.management.https.port=" + other[2],
                "-Djboss.ajp.port=" + other[3], "-Djboss.txn.recovery.port=" + other[4],
                "-Djboss.txn.status.port=" + other[5]);
    }

    private void copyConfiguration(Path configuration) throws IOException {
        Files.createDirectories(configuration);
        try (var files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configuration.resolve(f.getFileName()));
            }
        }
        Path standalone = configuration.resolve("standalone.xml");
        String xml = Files.readString(standalone);
        int undertow = xml.indexOf("urn:jboss:domain:undertow:");
        int domain = xml.indexOf(OTHER_DOMAIN, undertow);
        if (undertow < 0 || domain < 0) {
            throw new IllegalStateException("WildFly's standalone.xml has no Undertow security domain 'other' to adapt");
        }
        xml = xml.substring(0, domain) + OTHER_DOMAIN_OWN_IDENTITIES + xml.substring(domain + OTHER_DOMAIN.length());
        // the transaction manager's two ports are fixed in the distribution: make them settable like the others
        xml = replaceOnce(xml, "port=\"4712\"", "port=\"${jboss.txn.recovery.port:4712}\"");
        xml = replaceOnce(xml, "port=\"4713\"", "port=\"${jboss.txn.status.port:4713}\"");
        Files.writeString(standalone, xml);
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one " + from + " in WildFly's standalone.xml");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    @Override
    protected Map<String, String> environment(List<String> jvmOptions) {
        // JAVA_OPTS replaces the script's defaults. The script runs the JVM in the foreground and ends with it, so
        // stop() sends SIGTERM to the JVM (LAUNCH_JBOSS_IN_BACKGROUND would make the script loop on the JVM's 143).
        return Map.of("JAVA_OPTS", String.join(" ", jvmOptions), "JBOSS_HOME", home.toAbsolutePath().toString());
    }
}
