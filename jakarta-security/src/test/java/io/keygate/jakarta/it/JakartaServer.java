package io.keygate.jakarta.it;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A full Jakarta EE server as a process of its own: free loopback port, its own directories under
 * {@code target/it-servers}, the example WAR deployed unchanged at {@link #CONTEXT_PATH}, stdout and stderr in one log
 * file. Stopping it ends only this process and its descendants.
 */
public abstract class JakartaServer implements AutoCloseable {

    public static final String CONTEXT_PATH = "/example";
    public static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** A modest heap: the machine runs other builds too. */
    public static final String HEAP = "-Xmx384m";

    protected final String name;
    protected final Path base;
    protected final Path log;
    protected final int port;
    private Process process;

    protected JakartaServer(String name) {
        this.name = name;
        try {
            Path root = Path.of(System.getProperty("it.servers.base", "target/it-servers")).toAbsolutePath();
            Files.createDirectories(root);
            this.base = Files.createTempDirectory(root, name + "-");
            this.log = base.resolve("server.log");
            this.port = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path exampleWar() {
        Path war = Path.of(System.getProperty("it.example.war", "target/keygate-jakarta-example.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no example WAR at " + war + ": run the ITs through 'mvn verify'");
        }
        return war;
    }

    /** The command line that runs the server with {@code jvmOptions} and the WAR deployed. */
    protected abstract List<String> command(List<String> jvmOptions) throws IOException;

    /** Environment of the server process, beyond JAVA_HOME. */
    protected Map<String, String> environment(List<String> jvmOptions) {
        return Map.of();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + CONTEXT_PATH + path);
    }

    public String name() {
        return name;
    }

    /** Starts the process with these system properties and waits (bounded) for the example's {@code /health}. */
    public void start(Map<String, String> systemProperties) {
        launch(systemProperties);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await(name + " serving the example (log: " + log + ")").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                    }
                    return client.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    /** Starts the process and waits (bounded) until its log contains {@code text}: for deployments meant to fail. */
    public void startExpectingLog(Map<String, String> systemProperties, String text) {
        launch(systemProperties);
        await("log line '" + text + "' from " + name + " (log: " + log + ")").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> logText().contains(text));
    }

    /** The status of {@code GET path}, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch(Map<String, String> systemProperties) {
        try {
            List<String> jvm = new ArrayList<>();
            jvm.add(HEAP);
            jvm.add("-XX:TieredStopAtLevel=1");
            jvm.add("-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("tmp")));
            jvm.add("-Duser.home=" + Files.createDirectories(base.resolve("home")));
            systemProperties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
            ProcessBuilder pb = new ProcessBuilder(command(jvm)).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("KEYGATE_") || k.startsWith("JAVA_OPTS")
                    || k.startsWith("JBOSS_") || k.startsWith("PAYARA_") || k.equals("LAUNCH_JBOSS_IN_BACKGROUND"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().putAll(environment(jvm));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server gracefully (SIGTERM), bounded; then makes sure nothing it started is left. */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        // the JVM may be the child of a launch script: it is the one to ask, the script ends with it
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
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

    protected Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** {@code n} distinct free loopback ports (held open together while chosen, so none repeats). */
    protected static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
