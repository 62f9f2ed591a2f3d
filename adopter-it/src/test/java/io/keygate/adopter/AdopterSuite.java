package io.keygate.adopter;

import io.keygate.testing.containers.ServletContainer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A new adopter's WAR (one dependency, {@code web.xml} lines, a hello servlet) in a real container, one container run
 * per class: the printed admin key makes a client key, the client key authenticates with the default limits and
 * their headers, {@code /health} and {@code /metrics} answer; then undeploy leaves no leak warning, no thread, and
 * the last use made just before it is in the database; and the container stops without a leak warning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdopterSuite {

    static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";
    static final List<String> LEAK_MARKERS = List.of("appears to have started a thread", "memory leak",
            "failed to unregister", "could not be stopped", "SQLState: 90121", "database is closed");
    /** Threads keygate starts (pool, write-behind, H2, EclipseLink): none may outlive the application. */
    static final Pattern APPLICATION_THREAD = Pattern.compile("(?i).*(keygate|hikari|housekeeper|H2 |MVStore|eclipselink).*");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> plaintexts = new ArrayList<>();
    protected ServletContainer container;
    String admin;
    String client;

    /** The container, configured but not started. */
    protected abstract ServletContainer newContainer();

    /** The last_used_at of a key, read from the database after the application stopped (null if never used). */
    protected abstract Instant lastUsedAt(String keyId) throws Exception;

    /** Removes what the suite made in a shared database server. */
    protected void dropDatabase() {
    }

    @BeforeAll
    void start() {
        container = newContainer();
        container.start();
    }

    @AfterAll
    void stop() {
        if (container == null) {
            return;
        }
        try {
            container.stop();
            assertNoLeakWarnings();
            String log = container.logText();
            for (String key : plaintexts) {
                assertThat(log).as("container log").doesNotContain(key);
            }
        } finally {
            container.close();
            dropDatabase();
        }
    }

    @Test
    @Order(10)
    void firstAdminKeyIsPrintedOnceAndAuthenticates() {
        String log = container.logText();
        Matcher m = Pattern.compile(Pattern.quote(ANNOUNCEMENT) + "(\\S+)").matcher(log);
        assertThat(m.find()).as("announcement in " + container.tail()).isTrue();
        admin = m.group(1);
        assertThat(m.find()).as("printed once").isFalse();
        assertThat(log).as("no logging provider warning").doesNotContain("SLF4J:");

        HttpResponse<String> hello = send("GET", "/api/hello", admin, null);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).startsWith("hello key_");
    }

    @Test
    @Order(20)
    void aKeyCreatedWithTheAdminKeyAuthenticatesWithTheDefaultLimitsHeaders() {
        HttpResponse<String> created = send("POST", "/keygate/keys", admin, "{\"name\":\"client\",\"permissions\":[\"read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        client = json(created).getString("key");
        plaintexts.add(client);

        HttpResponse<String> hello = send("GET", "/api/hello", client, null);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello " + json(created).getString("id"));
        assertThat(hello.headers().firstValue("RateLimit-Limit")).contains("60");
        assertThat(hello.headers().firstValue("RateLimit-Remaining")).contains("59");
        assertThat(send("GET", "/api/hello", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/keygate/keys", client, "{}").statusCode()).as("a read key manages nothing")
                .isEqualTo(403);
    }

    @Test
    @Order(30)
    void theDefaultPlanAdmitsSixtyAMinuteThen429WithRetryAfter() {
        HttpResponse<String> last = null;
        for (int i = 0; i < 60; i++) {
            last = send("GET", "/api/hello", client, null);
            if (last.statusCode() == 429) {
                break;
            }
        }
        // 60 a minute: at most 59 more fit in this window (fewer when the minute turned over in between)
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.headers().firstValue("RateLimit-Remaining")).contains("0");
        assertThat(last.body()).startsWith("{\"error\":\"Too many requests\"");
    }

    @Test
    @Order(40)
    void healthAndMetricsAnswerWithoutAKey() {
        HttpResponse<String> health = send("GET", "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"redis\":\"DISABLED\"}}");
        HttpResponse<String> metrics = send("GET", "/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("apikey_auth_requests_total{outcome=\"rate_limited\"}")
                .contains("apikey_auth_requests_total{outcome=\"authenticated\"}").contains("jvm_memory_used_bytes");
        assertThat(send("POST", "/health", null, "{}").statusCode()).isEqualTo(405);
    }

    @Test
    @Order(50)
    void undeployRightAfterAUseKeepsTheLastUseAndLeavesNothingBehind() throws Exception {
        HttpResponse<String> created = send("POST", "/keygate/keys", admin, "{\"name\":\"used last\"}");
        String key = json(created).getString("key");
        String id = json(created).getString("id");
        plaintexts.add(key);
        Instant used = Instant.now();
        assertThat(send("GET", "/api/hello", key, null).statusCode()).isEqualTo(200);
        assertThat(container.threadNames()).as("the check below must see keygate's threads")
                .anyMatch(n -> APPLICATION_THREAD.matcher(n).matches());

        container.undeploy();

        assertNoLeakWarnings();
        await("keygate's threads to end after undeploy").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(container.threadNames())
                        .noneMatch(n -> APPLICATION_THREAD.matcher(n).matches()));
        assertThat(lastUsedAt(id)).as("the final last-used flush reached the database")
                .isNotNull().isBetween(used.minusSeconds(5), Instant.now());
    }

    protected void assertNoLeakWarnings() {
        String log = container.logText();
        for (String marker : LEAK_MARKERS) {
            assertThat(log).as("'" + marker + "' in the " + container.name() + " log").doesNotContain(marker);
        }
    }

    HttpResponse<String> send(String method, String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
