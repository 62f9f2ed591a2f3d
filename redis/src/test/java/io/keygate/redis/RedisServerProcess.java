package io.keygate.redis;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own on a free loopback port, so outage tests can stop, restart and freeze it
 * without touching the shared Redis. Stopped by {@link #close()} (use it in the test's teardown).
 */
final class RedisServerProcess implements AutoCloseable {

    final int port;
    private final Path dir;
    private Process process;

    private RedisServerProcess(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("keygate-redis-");
    }

    /** Skips (or with KEYGATE_REQUIRE_SERVICES=1 fails) when redis-server is not installed. */
    static RedisServerProcess onFreePort() throws IOException {
        String binary = binary();
        if (binary == null) {
            String message = "redis-server is not installed";
            if (io.keygate.testing.Services.required()) {
                Assertions.fail(message + " and KEYGATE_REQUIRE_SERVICES=1 requires it");
            }
            Assumptions.abort(message + ": test skipped");
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new RedisServerProcess(s.getLocalPort());
        }
    }

    static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    void start() throws IOException {
        process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> io.keygate.testing.Services.reachable("127.0.0.1", port));
    }

    /** Kills the server (connections drop at once). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !io.keygate.testing.Services.reachable("127.0.0.1", port));
    }

    /** SIGSTOP: the server keeps its connections open but answers nothing (a hung Redis). */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        Assertions.assertEquals(0, kill.waitFor(), "kill " + signal);
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            thaw();
        }
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
