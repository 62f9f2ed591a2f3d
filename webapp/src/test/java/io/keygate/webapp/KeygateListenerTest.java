package io.keygate.webapp;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.RateLimiter;
import io.keygate.webapp.ops.HealthCheck;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener in an embedded Jetty, configured by context-params only, as a web.xml-only WAR declares it. */
class KeygateListenerTest {

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void deployWhenOnlyADatabaseIsGivenThenPrintsAdminKeyThatAuthenticatesWithLimitsHealthAndMetrics() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("k");
        String printed;
        String keyId;
        try (EmbeddedWebapp app = startPrinting(Map.of(WebappSettings.JDBC_URL, url))) {
            printed = lastPrinted;
            Matcher m = Pattern.compile(Pattern.quote(BootstrapAdminKey.ANNOUNCEMENT) + "(\\S+)").matcher(printed);
            assertThat(m.find()).as(printed).isTrue();
            String admin = m.group(1);
            assertThat(KeyFormat.standard().isWellFormed(admin)).isTrue();

            HttpResponse<String> hello = get(app, "/api/hello", admin);
            assertThat(hello.statusCode()).isEqualTo(200);
            keyId = hello.body().substring("hello ".length());
            // the default plan: 60 a minute (the window with the least remaining is reported)
            assertThat(hello.headers().firstValue("RateLimit-Limit")).contains("60");
            assertThat(hello.headers().firstValue("RateLimit-Remaining")).contains("59");
            assertThat(get(app, "/api/hello", null).statusCode()).isEqualTo(401);

            HttpResponse<String> health = get(app, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"redis\":\"DISABLED\"}}");
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

            HttpResponse<String> metrics = get(app, "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("apikey_auth_requests_total{outcome=\"authenticated\"} 1.0")
                    .contains("hikaricp_connections_active{pool=\"keygate\"}").contains("jvm_memory_used_bytes");

            Keygate keygate = (Keygate) app.attribute(Keygate.CONTEXT_ATTRIBUTE);
            assertThat(keygate.usageStore()).as("usage is counted").isNotNull();
        }
        // undeployed: the filter's final flush went through before the pool closed
        assertThat(lastUsedAt(url, keyId)).as("last_used_at of " + keyId).isNotNull();
        assertThat(authenticatedToday(url, keyId)).as("the final usage flush too").isEqualTo(1);
        assertThat(printed).doesNotContain("SLF4J");
    }

    @Test
    void deployWhenStartedAgainThenTheAdminKeyIsNeitherReplacedNorPrintedAgain() throws Exception {
        Map<String, String> params = Map.of(WebappSettings.JDBC_URL, "jdbc:h2:file:" + directory.resolve("k"));
        try (EmbeddedWebapp first = startPrinting(params)) {
            assertThat(lastPrinted).contains(BootstrapAdminKey.ANNOUNCEMENT);
        }
        try (EmbeddedWebapp second = startPrinting(params)) {
            assertThat(lastPrinted).doesNotContain(BootstrapAdminKey.ANNOUNCEMENT);
        }
    }

    @Test
    void deployWhenBootstrapKeyGivenThenItIsStoredNotPrintedAndWorks() throws Exception {
        String key = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        try (EmbeddedWebapp app = startPrinting(Map.of(WebappSettings.JDBC_URL, "jdbc:h2:file:" + directory.resolve("k"),
                WebappSettings.BOOTSTRAP_KEY, key, WebappSettings.PLAN, "none"))) {
            assertThat(lastPrinted).doesNotContain(key).doesNotContain(BootstrapAdminKey.ANNOUNCEMENT);
            HttpResponse<String> hello = get(app, "/api/hello", key);
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.headers().firstValue("RateLimit-Limit")).as("plan none: no limits").isEmpty();
            Keygate keygate = (Keygate) app.attribute(Keygate.CONTEXT_ATTRIBUTE);
            ApiKey stored = keygate.store().findByHash(KeyFormat.sha256Hex(key)).orElseThrow();
            assertThat(stored.organizationId()).isEqualTo("platform");
            assertThat(stored.owner().id()).isEqualTo(BootstrapAdminKey.ACCOUNT_ID);
        }
    }

    @Test
    void deployWhenBootstrapIsOffThenNoKeyIsCreated() throws Exception {
        try (EmbeddedWebapp app = startPrinting(Map.of(WebappSettings.JDBC_URL, "jdbc:h2:mem:off" + System.nanoTime(),
                WebappSettings.BOOTSTRAP, "false"))) {
            assertThat(lastPrinted).doesNotContain(BootstrapAdminKey.ANNOUNCEMENT);
            Keygate keygate = (Keygate) app.attribute(Keygate.CONTEXT_ATTRIBUTE);
            assertThat(keygate.service().search(new io.keygate.store.KeyQuery("platform", null, 1, 10)).total()).isZero();
        }
    }

    @Test
    void deployWhenALimiterIsPublishedByAnEarlierListenerThenKeygateCountsWithIt() throws Exception {
        RateLimiter published = new InProcessRateLimiter(Clock.systemUTC());
        ServletContextListener backend = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                event.getServletContext().setAttribute(RateLimiter.CONTEXT_ATTRIBUTE, published);
            }
        };
        try (EmbeddedWebapp app = new EmbeddedWebapp(Map.of(WebappSettings.JDBC_URL, "jdbc:h2:mem:l" + System.nanoTime()),
                List.of(backend)).start()) {
            assertThat(((Keygate) app.attribute(Keygate.CONTEXT_ATTRIBUTE)).rateLimiter()).isSameAs(published);
            assertThat(app.attribute(HealthCheck.CONTEXT_ATTRIBUTE)).isNotNull();
        }
    }

    @Test
    void deployWhenAParameterIsBadThenTheContextFailsWithTheMessageAndNothingIsPublished() throws Exception {
        try (EmbeddedWebapp app = new EmbeddedWebapp(Map.of(WebappSettings.PLAN, "lots"), List.of())) {
            assertThatThrownBy(app::start).hasStackTraceContaining(
                    "keygate: cannot start web application '/app': 'lots' is wrong value for keygate.plan, because");
            assertThat(app.attribute(Keygate.CONTEXT_ATTRIBUTE)).isNull();
        }
    }

    @Test
    void deployWhenTheDatabaseCannotBeReachedThenTheMessageNamesItAndNotThePassword() {
        assertThatThrownBy(() -> KeygateRuntime.builder(WebappSettings.from(Map.of(WebappSettings.JDBC_URL,
                        "jdbc:postgresql://127.0.0.1:1/none", WebappSettings.JDBC_USER, "app",
                        WebappSettings.JDBC_PASSWORD, "hunter2"))).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/none (user app)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void deployWhenJndiNameIsUnknownThenTheMessageSaysHowToDefineIt() {
        assertThatThrownBy(() -> KeygateRuntime.builder(WebappSettings.from(Map.of(WebappSettings.DATASOURCE,
                        "java:comp/env/jdbc/nothing"))).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'java:comp/env/jdbc/nothing' is wrong value for keygate.datasource, because "
                        + "JNDI has no such name");
    }

    @Test
    void closeWhenTheThreadIsInterruptedThenThePoolStillClosesAndTheInterruptIsKept() {
        KeygateRuntime runtime = KeygateRuntime.builder(WebappSettings.from(Map.of(WebappSettings.JDBC_URL,
                "jdbc:h2:mem:interrupted" + System.nanoTime(), WebappSettings.BOOTSTRAP, "false"))).start();
        com.zaxxer.hikari.HikariDataSource pool = (com.zaxxer.hikari.HikariDataSource) runtime.dataSource();
        Thread.currentThread().interrupt();
        try {
            runtime.close();
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(pool.isClosed()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith(KeygateRuntime.POOL_NAME + " housekeeper")
                        || n.startsWith(KeygateRuntime.POOL_NAME + ":"));
    }

    // ---- helpers ----

    private String lastPrinted;

    /** Starts with standard output captured into {@link #lastPrinted} (and still shown). */
    private EmbeddedWebapp startPrinting(Map<String, String> params) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            return new EmbeddedWebapp(params, List.of()).start();
        } finally {
            System.setOut(original);
            lastPrinted = captured.toString(StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(EmbeddedWebapp app, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String lastUsedAt(String url, String keyId) throws Exception {
        Properties p = new Properties();
        p.put("user", "sa");
        p.put("password", "");
        try (Connection c = new org.h2.Driver().connect(url, p); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT last_used_at FROM apikey WHERE id = '" + keyId + "'")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    private static long authenticatedToday(String url, String keyId) throws Exception {
        Properties p = new Properties();
        p.put("user", "sa");
        p.put("password", "");
        try (Connection c = new org.h2.Driver().connect(url, p); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SUM(authenticated) FROM key_usage_day WHERE key_id = '" + keyId + "'")) {
            assertThat(r.next()).isTrue();
            return r.getLong(1);
        }
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
