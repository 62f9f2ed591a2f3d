package io.keygate.testing.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An unpacked jetty-home 12 run with {@code java -jar start.jar} and its own JETTY_BASE holding the {@code http}
 * and {@code ee10-deploy} modules; the WAR goes to {@code webapps/}. No module needs a forked JVM, so the
 * {@code -D} options given to start.jar reach the server's JVM directly.
 */
public final class JettyContainer extends ServletContainer {

    public JettyContainer(Path home) {
        super("jetty12", home);
    }

    public static JettyContainer jetty12() {
        return new JettyContainer(Path.of(System.getProperty("it.jetty.home", "target/containers/jetty-home-12.0.31")));
    }

    @Override
    protected void prepareBase() throws IOException {
        Path startD = Files.createDirectories(base.resolve("start.d"));
        Files.writeString(startD.resolve("keygate-it.ini"), """
                --module=http
                --module=ee10-deploy
                """);
        copyWar(base.resolve("webapps"));
    }

    @Override
    protected List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(home.resolve("start.jar").toString());
        command.add("jetty.home=" + home);
        command.add("jetty.base=" + base);
        command.add("jetty.http.host=127.0.0.1");
        command.add("jetty.http.port=" + port);
        // watch webapps/ every second: removing the WAR undeploys the application, copying it back deploys it
        command.add("jetty.deploy.scanInterval=1");
        return command;
    }

    @Override
    protected String undeployedMarker() {
        return "Stopped oeje10w.WebAppContext";
    }

    @Override
    protected Map<String, String> containerEnvironment(List<String> jvmOptions) {
        return Map.of("JETTY_HOME", home.toString(), "JETTY_BASE", base.toString());
    }
}
