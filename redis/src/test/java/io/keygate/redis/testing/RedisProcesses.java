package io.keygate.redis.testing;

import io.keygate.testing.Services;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis processes of a test's own (redis-server and redis-cli from the PATH), in a temporary directory, on free
 * loopback ports: never the shared Redis. Every process is killed and the directory removed by {@link #close()}.
 */
public class RedisProcesses implements AutoCloseable {

    protected final Path dir;
    private final List<Process> processes = new ArrayList<>();

    protected RedisProcesses(String name) {
        requireBinaries();
        try {
            this.dir = Files.createTempDirectory("keygate-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips (or with KEYGATE_REQUIRE_SERVICES=1 fails) when redis-server or redis-cli is not installed. */
    public static void requireBinaries() {
        for (String binary : List.of("redis-server", "redis-cli")) {
            if (binary(binary) == null) {
                String message = binary + " is not installed";
                if (Services.required()) {
                    Assertions.fail(message + " and KEYGATE_REQUIRE_SERVICES=1 requires it");
                }
                Assumptions.abort(message + ": test skipped");
            }
        }
    }

    static String binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** A free loopback port whose cluster bus port (+10000) is free too. */
    protected static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port + 10_000 > 65_535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busTaken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port pair found");
    }

    /** Starts {@code redis-server <args>} with its output in {@code <dir>/<logName>}. */
    protected Process server(String logName, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary("redis-server"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(logName).toFile()).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs redis-cli against 127.0.0.1:port and returns its output (bounded: 20 s). */
    public static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(binary("redis-cli"), "-h", "127.0.0.1", "-p",
                Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    protected static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of {@code field:value} in an INFO-style text, or null. */
    public static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    /** SIGKILL, and wait until the process is gone. */
    protected static void kill(Process p) {
        if (p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        processes.forEach(RedisProcesses::kill);
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
