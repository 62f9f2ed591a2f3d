package io.keygate.webapp;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.redis.RedisKeygateListener;
import io.keygate.redis.RedisSettings;
import io.keygate.testing.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /health} in each state of contract §10, with the real listeners (keygate's and the Redis module's) in an
 * embedded Jetty: UP; database down → 503; Redis down under each outage policy; Redis disabled. Redis is "down" by
 * pointing at a loopback port nothing listens on (never the shared server).
 */
class HealthEndpointTest {

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthWhenDatabaseUpAndNoRedisThenUpWithRedisDisabled() throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(h2(), List.of()).start()) {
            assertHealth(app, 200, "UP", "UP", "DISABLED");
        }
    }

    @Test
    void healthWhenTheDatabaseCannotBeReachedThen503Down() throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(h2(), List.of()).start()) {
            KeygateRuntime runtime = (KeygateRuntime) app.attribute(KeygateRuntime.CONTEXT_ATTRIBUTE);
            assertHealth(app, 200, "UP", "UP", "DISABLED");
            ((HikariDataSource) runtime.dataSource()).close();
            assertHealth(app, 503, "DOWN", "DOWN", "DISABLED");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "open"})
    void healthWhenRedisIsDownAndThePolicyStillServesThenUpWithRedisDown(String policy) throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(withRedis(unreachableRedis(), policy),
                List.of(new RedisKeygateListener())).start()) {
            assertHealth(app, 200, "UP", "UP", "DOWN");
        }
    }

    @Test
    void healthWhenRedisIsDownUnderTheClosedPolicyThen503Down() throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(withRedis(unreachableRedis(), "closed"),
                List.of(new RedisKeygateListener())).start()) {
            assertHealth(app, 503, "DOWN", "UP", "DOWN");
        }
    }

    @Test
    void healthWhenRedisAnswersThenUpWithRedisUp() throws Exception {
        Services.requireRedis();
        try (EmbeddedWebapp app = new EmbeddedWebapp(withRedis(Services.REDIS_URL, "closed"),
                List.of(new RedisKeygateListener())).start()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertHealth(app, 200, "UP", "UP", "UP"));
        }
    }

    @Test
    void healthAndMetricsWhenAnotherMethodIsUsedThen405JsonWithAllow() throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(h2(), List.of()).start()) {
            for (String path : List.of("/health", "/metrics")) {
                for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "TRACE")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri(path))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
                    assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
                    assertThat(r.body()).isEqualTo("{\"error\":\"Method not allowed\",\"detail\":\"this method is "
                            + "not supported here; allowed: GET, HEAD\"}");
                }
                assertThat(http.send(HttpRequest.newBuilder(app.uri(path)).method("HEAD",
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void healthWhenKeygateIsNotRunningInTheContextThen503WithEveryCheckDown() throws Exception {
        org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(0);
        org.eclipse.jetty.ee10.servlet.ServletContextHandler context =
                new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/app");
        context.addServlet(io.keygate.webapp.ops.HealthServlet.class, "/health");
        server.setHandler(context);
        server.start();
        try {
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:"
                    + ((org.eclipse.jetty.server.ServerConnector) server.getConnectors()[0]).getLocalPort() + "/app/health");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"redis\":\"DOWN\"}}");
        } finally {
            server.stop();
        }
    }

    private void assertHealth(EmbeddedWebapp app, int status, String overall, String database, String redis)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(app.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).isEqualTo("{\"status\":\"" + overall + "\",\"checks\":{\"database\":\"" + database
                + "\",\"redis\":\"" + redis + "\"}}");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    private Map<String, String> h2() {
        return Map.of(WebappSettings.JDBC_URL, "jdbc:h2:file:" + directory.resolve("k"));
    }

    private Map<String, String> withRedis(String url, String policy) {
        String prefix = "keygate:health:" + UUID.randomUUID() + ":";
        return Map.of(WebappSettings.JDBC_URL, "jdbc:h2:file:" + directory.resolve("k"),
                RedisSettings.URL, url, RedisSettings.OUTAGE_POLICY, policy,
                RedisSettings.KEY_PREFIX, prefix, RedisSettings.CHANNEL, prefix + "revocations",
                RedisSettings.CONNECT_TIMEOUT_MS, "250", RedisSettings.COMMAND_TIMEOUT_MS, "250");
    }

    private static String unreachableRedis() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "redis://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
