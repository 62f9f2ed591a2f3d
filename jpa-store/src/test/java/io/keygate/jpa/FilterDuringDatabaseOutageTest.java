package io.keygate.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.AuthSettings;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.testing.Services;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The filter in embedded Jetty over a JPA store on an H2 server that goes away and comes back: a key verified before
 * the outage keeps working from the cache (stale-if-error), an unknown key gets 503 with Retry-After quickly, and
 * once the server is back everything answers normally again without a restart.
 */
class FilterDuringDatabaseOutageTest {

    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    @Test
    void requestsWhenH2ServerStopsAndRestartsThenCachedKeysWorkUnknownGet503AndServiceRecovers(@TempDir Path dir)
            throws Exception {
        int dbPort = freePort();
        AtomicReference<org.h2.tools.Server> database = new AtomicReference<>(h2Server(dbPort, dir));
        try (HikariDataSource pool = pool("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/keygate", "sa")) {
            KeygateMigrations.migrate(pool);
            outageScenario(pool, KeygateDatabase.H2, new Outage() {
                @Override
                public void begin() {
                    database.get().stop();
                }

                @Override
                public void end() throws Exception {
                    database.set(h2Server(dbPort, dir));
                }
            });
        } finally {
            database.get().stop();
        }
    }

    @Test
    void requestsWhenPostgresNetworkCutAndRestoredThenCachedKeysWorkUnknownGet503AndServiceRecovers()
            throws Exception {
        try (ScratchDatabase database = ScratchDatabase.postgres();
             TcpProxy network = new TcpProxy("127.0.0.1", 5432);
             HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + network.port() + "/test?currentSchema="
                     + database.name, Services.POSTGRES_USER)) {
            outageScenario(pool, KeygateDatabase.POSTGRESQL, new Outage() {
                @Override
                public void begin() throws Exception {
                    network.cut();
                }

                @Override
                public void end() throws Exception {
                    network.restore();
                }
            });
        }
    }

    @Test
    void requestsWhenPostgresServerRestartedThenCachedKeysWorkUnknownGet503AndServiceRecovers() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
             HikariDataSource pool = pool(postgres.jdbcUrl(), "postgres")) {
            KeygateMigrations.migrate(pool);
            outageScenario(pool, KeygateDatabase.POSTGRESQL, new Outage() {
                @Override
                public void begin() throws Exception {
                    postgres.stopServer();
                }

                @Override
                public void end() throws Exception {
                    postgres.startServer();
                }
            });
        }
    }

    /** Takes the database away and brings it back. */
    private interface Outage {
        void begin() throws Exception;

        void end() throws Exception;
    }

    private static void outageScenario(HikariDataSource pool, KeygateDatabase type, Outage outage) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (JpaApiKeyStore store = JpaApiKeyStore.create(pool, type, Duration.ofSeconds(1));
             Keygate keygate = Keygate.builder().store(store).clock(clock)
                     .meterRegistry(new SimpleMeterRegistry()).build()) {
            AuthSettings settings = AuthSettings.builder().cacheTtl(CACHE_TTL)
                    .staleIfError(Duration.ofMinutes(10)).unavailableRetryAfterSeconds(7).build();
            Server jetty = jetty(new ApiKeyAuthFilter(keygate, settings));
            try {
                String base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
                CreatedKey known = keygate.service().create(NewKey.builder("org_acme", Owner.user("alice")).build());
                String unknown = KeyFormat.standard().generate(Environment.LIVE).plaintext();
                assertThat(get(base, known.plaintext()).statusCode()).isEqualTo(200);

                outage.begin();
                // past the cache's freshness: the next request asks the store, which is down
                clock.advance(CACHE_TTL.plusSeconds(5));

                HttpResponse<String> cached = get(base, known.plaintext());
                assertThat(cached.statusCode()).isEqualTo(200);
                assertThat(cached.body()).isEqualTo("hello " + known.key().id());

                long started = System.nanoTime();
                HttpResponse<String> fresh = get(base, unknown);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(fresh.statusCode()).isEqualTo(503);
                assertThat(fresh.headers().firstValue("Retry-After")).contains("7");
                assertThat(fresh.body()).contains("Service unavailable");
                assertThat(took).as("time to answer 503").isLessThan(Duration.ofMillis(2_500));

                outage.end();
                long restored = System.nanoTime();

                // the injected clock stands still unless moved: let it run with the polls, so the filter's short
                // back-off after a store error passes as it would in real time
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            clock.advance(Duration.ofMillis(250));
                            assertThat(get(base, unknown).statusCode()).isEqualTo(401);
                        });
                System.out.printf("[%s] recovered %d ms after the database came back%n", type,
                        (System.nanoTime() - restored) / 1_000_000);
                CreatedKey afterwards = keygate.service().create(NewKey.builder("org_acme", Owner.user("bob")).build());
                assertThat(get(base, afterwards.plaintext()).statusCode()).isEqualTo(200);
                clock.advance(CACHE_TTL.plusSeconds(5));
                assertThat(get(base, known.plaintext()).statusCode()).isEqualTo(200);
            } finally {
                // the filter's final last-used flush needs the store: stop the server before closing it
                jetty.stop();
            }
        }
    }

    private static HikariDataSource pool(String url, String user) {
        return KeygateDataSources.builder(url).user(user).password("").connectionTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofMillis(500)).build();
    }

    private static Server jetty(ApiKeyAuthFilter filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("hello " + request.getUserPrincipal().getName());
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static HttpResponse<String> get(String base, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/things"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static org.h2.tools.Server h2Server(int port, Path dir) throws java.sql.SQLException {
        return org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(),
                "-ifNotExists").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A clock the test moves forward, so cache freshness expires without waiting. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
