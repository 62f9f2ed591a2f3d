package io.keygate.testing.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real servlet container running as a separate process on a free loopback port, with its own base directory
 * under {@code target/it-bases}, the built WAR ({@code it.war}) deployed at {@link #contextPath()}
 * ({@code it.context.path}, default {@value #CONTEXT_PATH}), and stdout+stderr in one log file. Configuration
 * reaches the application through environment variables and {@code -D} system properties. Shared by the ITs of
 * every module that deploys a WAR (the sample, the adopter WAR).
 */
public abstract class ServletContainer implements AutoCloseable {

    /** The default context path (the sample's); {@code -Dit.context.path} sets another. */
    public static final String CONTEXT_PATH = "/keygate-sample";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    protected final String name;
    protected final Path home;
    protected final Path base;
    protected final String contextPath = System.getProperty("it.context.path", CONTEXT_PATH);
    protected final Path log;
    protected final int port;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private Process process;
    private int starts;

    protected ServletContainer(String name, Path home) {
        this.name = name;
        this.home = home;
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(name + " is not unpacked at " + home
                    + ": run the ITs through 'mvn verify' (pre-integration-test unpacks the containers)");
        }
        try {
            Path root = Path.of(System.getProperty("it.bases.dir", "target/it-bases")).toAbsolutePath();
            Files.createDirectories(root);
            this.base = Files.createTempDirectory(root, name + "-").toAbsolutePath();
            this.log = base.resolve("container.log");
            this.port = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path war() {
        return Path.of(System.getProperty("it.war", "target/keygate-sample.war"));
    }

    public ServletContainer env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    public ServletContainer systemProperty(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    public String name() {
        return name;
    }

    /** The container's own base directory (configuration, webapps, logs; a place for H2 files). */
    public Path base() {
        return base;
    }

    public String contextPath() {
        return contextPath;
    }

    /** The name of the deployed WAR file and of its context: the context path without its slash. */
    protected String warName() {
        return contextPath.substring(1);
    }

    /** Absolute URL of {@code path} under the sample's context path. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + contextPath + path);
    }

    /** Lays out the base directory with the WAR (first start only). */
    protected abstract void prepareBase() throws IOException;

    /** The command line; {@code jvmOptions} are the -D options to pass to the container's JVM. */
    protected abstract List<String> command(List<String> jvmOptions);

    /** Extra environment of the container process (e.g. CATALINA_BASE). */
    protected abstract Map<String, String> containerEnvironment(List<String> jvmOptions);

    /** A log line the container writes when it undeploys the application. */
    protected abstract String undeployedMarker();

    /** Starts the process and waits (bounded) until {@code /health} answers 200. */
    public void start() {
        launch();
        awaitHealthy();
    }

    /**
     * Undeploys the application from the running container (removes the WAR; the container's deployment scanner
     * notices) and waits until the container has logged it and no longer serves the application.
     */
    public void undeploy() {
        try {
            int before = count(logText(), undeployedMarker());
            Files.delete(base.resolve("webapps").resolve(warName() + ".war"));
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await("undeployment from " + name).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    // Tomcat deletes the expanded directory last, after the class loader's leak checks have run
                    .until(() -> count(logText(), undeployedMarker()) > before
                            && !Files.exists(base.resolve("webapps").resolve(warName()))
                            && client.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys the WAR again into the running container and waits until it is healthy. */
    public void redeploy() {
        try {
            copyWar(base.resolve("webapps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy();
    }

    private static int count(String text, String marker) {
        return text.split(java.util.regex.Pattern.quote(marker), -1).length - 1;
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await("deployment of " + contextPath + " in " + name + " (log: " + log + ")")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                    }
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200;
                });
    }

    /** Starts the process and waits until its log contains {@code text} (for deployments meant to fail). */
    public void startExpectingLog(String text) {
        launch();
        await("log line '" + text + "' from " + name + " (log: " + log + ")").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> logText().contains(text));
    }

    private void launch() {
        try {
            if (starts == 0) {
                prepareBase();
            }
            List<String> jvm = new ArrayList<>();
            jvm.add("-Xmx384m");
            jvm.add("-XX:TieredStopAtLevel=1");
            jvm.add("-Duser.home=" + base.resolve("home"));
            jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("tmp")));
            systemProperties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(command(jvm)).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = pb.environment();
            // nothing of the test JVM's own configuration may leak into the container
            env.keySet().removeIf(k -> k.startsWith("KEYGATE_") || k.startsWith("CATALINA_") || k.startsWith("JETTY_")
                    || k.equals("JAVA_OPTS"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(containerEnvironment(jvm));
            env.putAll(environment);
            Files.writeString(log, "==== start " + (starts + 1) + " of " + name + " on port " + port + " ====\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the container gracefully (SIGTERM: the container undeploys the application), bounded. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not stop within " + STOP_TIMEOUT + ":\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
    }

    /** Names of the container JVM's live threads, from {@code jcmd <pid> Thread.print}. */
    public List<String> threadNames() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd failed: " + dump);
            }
            List<String> names = new ArrayList<>();
            for (String line : dump.split("\n")) {
                if (line.startsWith("\"")) {
                    names.add(line.substring(1, line.indexOf('"', 1)));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int starts() {
        return starts;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail() {
        String text = logText();
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
    }

    /**
     * Puts the WAR into {@code webapps} in one step: copied beside it first, then renamed, so that a deployment
     * scanner never sees a half-written WAR (Tomcat would deploy it and then, seeing its size and time change,
     * undeploy and deploy it again in the middle of a test).
     */
    protected void copyWar(Path webapps) throws IOException {
        Files.createDirectories(webapps);
        Path staging = Files.createDirectories(base.resolve("staging")).resolve(warName() + ".war");
        Files.copy(war(), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, webapps.resolve(warName() + ".war"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
