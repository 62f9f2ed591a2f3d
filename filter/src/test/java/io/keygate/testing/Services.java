package io.keygate.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Detection of the local services integration tests use. When a service is absent the test is skipped with a
 * clear message, unless {@code KEYGATE_REQUIRE_SERVICES=1} (CI), where absence fails the test.
 */
public final class Services {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    public static final String MARIADB_USER = "root";
    public static final String REDIS_URL = "redis://127.0.0.1:6379";

    private Services() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("KEYGATE_REQUIRE_SERVICES"));
    }

    public static void requirePostgres() {
        require("PostgreSQL", "127.0.0.1", 5432);
    }

    public static void requireMariaDb() {
        require("MariaDB", "127.0.0.1", 3306);
    }

    public static void requireRedis() {
        require("Redis", "127.0.0.1", 6379);
    }

    /** Skips (or, with KEYGATE_REQUIRE_SERVICES=1, fails) the calling test when nothing listens at host:port. */
    public static void require(String name, String host, int port) {
        if (reachable(host, port)) {
            return;
        }
        String message = name + " is not reachable at " + host + ":" + port;
        if (required()) {
            Assertions.fail(message + " and KEYGATE_REQUIRE_SERVICES=1 requires it");
        }
        Assumptions.abort(message + ": test skipped (set KEYGATE_REQUIRE_SERVICES=1 to make this a failure)");
    }

    /**
     * The path of a command the test runs (e.g. {@code promtool}); skips (or, with KEYGATE_REQUIRE_SERVICES=1,
     * fails) the calling test when it is not on the PATH. {@code .ci/run} installs the commands CI needs.
     */
    public static java.nio.file.Path requireCommand(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path candidate = java.nio.file.Path.of(dir, command);
            if (java.nio.file.Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = command + " is not on the PATH (Debian package " + debianPackage + ")";
        if (required()) {
            Assertions.fail(message + " and KEYGATE_REQUIRE_SERVICES=1 requires it");
        }
        Assumptions.abort(message + ": test skipped (set KEYGATE_REQUIRE_SERVICES=1 to make this a failure)");
        return null;
    }

    public static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
