package io.keygate.redis;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.AuthSettings;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.testing.ScratchSchema;
import io.keygate.testing.Services;
import io.keygate.testing.MutableClock;
import com.zaxxer.hikari.HikariDataSource;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application nodes, each an embedded Jetty with its own {@link Keygate} (own {@link ApiKeyAuthFilter}, own key
 * cache, own {@code ApiKeyService}), its own {@link JpaApiKeyStore} with its own connection pool and its own
 * {@link RedisKeygate} (own Lettuce client), over one PostgreSQL database (a scratch schema dropped afterwards) and
 * one Redis: the shape of a cluster behind a load balancer.
 */
class TwoNodeClusterTest {

    static final int LIMIT = 20;
    /** Long enough that only the broadcast, never expiry, can explain an eviction during the test. */
    static final Duration CACHE_TTL = Duration.ofMinutes(10);

    private ScratchSchema schema;
    private final MutableClock clock = TestClocks.atWindowOffset(60, 2_000);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TestRedis redis;
    private String channel;

    @BeforeEach
    void createSharedServices() {
        Services.requirePostgres();
        redis = TestRedis.shared();
        channel = redis.prefix + "revocations";
        schema = ScratchSchema.postgres("keygate_redis");
        try (HikariDataSource pool = pool()) {
            KeygateMigrations.migrate(pool);
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        try {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        } finally {
            redis.close();
            schema.close();
        }
    }

    private HikariDataSource pool() {
        return KeygateDataSources.builder(schema.jdbcUrl())
                .user(schema.user()).password("").maximumPoolSize(4).build();
    }

    @Test
    void requestsAlternatingBetweenNodesThenTheSharedLimitHoldsAndHeadersCountAcrossNodes() throws Exception {
        Node a = node(true);
        Node b = node(true);
        String key = createKey(a).plaintext();

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < LIMIT + 5; i++) {
            responses.add(get(i % 2 == 0 ? a : b, key));
        }

        long reset = clock.millis() / 60_000 * 60 + 60;
        for (int i = 0; i < LIMIT; i++) {
            HttpResponse<String> r = responses.get(i);
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit-Remaining")).as("request %d", i)
                    .hasValue(Integer.toString(LIMIT - 1 - i));
            assertThat(r.headers().firstValue("RateLimit-Reset")).hasValue(Long.toString(reset));
        }
        for (HttpResponse<String> r : responses.subList(LIMIT, responses.size())) {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("58");
            assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        }
    }

    @Test
    void concurrentRequestsAlternatingBetweenNodesThenExactlyTheLimitIsAdmitted() throws Exception {
        Node a = node(true);
        Node b = node(true);
        String key = createKey(a).plaintext();
        int threads = 8;
        int perThread = 10;

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<int[]>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    int[] statuses = new int[2];
                    for (int i = 0; i < perThread; i++) {
                        int status = get((offset + i) % 2 == 0 ? a : b, key).statusCode();
                        statuses[status == 200 ? 0 : status == 429 ? 1 : failWith(status)]++;
                    }
                    return statuses;
                }));
            }
            int ok = 0;
            int limited = 0;
            for (Future<int[]> f : futures) {
                int[] s = f.get(60, TimeUnit.SECONDS);
                ok += s[0];
                limited += s[1];
            }
            assertThat(ok).as("200 responses from both nodes together").isEqualTo(LIMIT);
            assertThat(limited).as("429 responses").isEqualTo(threads * perThread - LIMIT);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyRevokedThroughNodeAThenNodeBRefusesItWithinOneSecond() throws Exception {
        Node a = node(true);
        Node b = node(true);
        Node withoutBroadcast = node(false);
        CreatedKey created = createKey(a);
        String key = created.plaintext();
        assertThat(get(b, key).statusCode()).as("B has the key in its cache").isEqualTo(200);
        assertThat(get(withoutBroadcast, key).statusCode()).isEqualTo(200);

        long revokedAt = System.nanoTime();
        a.keygate.service().revoke(created.key().id());
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(2))
                .until(() -> get(b, key).statusCode() == 401);
        long delayMillis = (System.nanoTime() - revokedAt) / 1_000_000;

        System.out.println("TwoNodeClusterTest: key revoked through node A was refused by node B after "
                + delayMillis + " ms");
        assertThat(delayMillis).isLessThan(1_000);
        assertThat(get(a, key).statusCode()).isEqualTo(401);
        assertThat(get(withoutBroadcast, key).statusCode())
                .as("control: a node without the broadcast still serves the key from its cache")
                .isEqualTo(200);
    }

    private static int failWith(int status) {
        throw new AssertionError("unexpected status " + status);
    }

    private CreatedKey createKey(Node node) {
        return node.keygate.service().create(NewKey.builder("acme", Owner.user("u1")).name("cluster").build());
    }

    private HttpResponse<String> get(Node node, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/hello"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One node: Jetty + filter + Keygate + RedisKeygate, all closed after the test. */
    private Node node(boolean broadcast) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HikariDataSource pool = pool();
        resources.add(pool);
        JpaApiKeyStore store = JpaApiKeyStore.create(pool);
        resources.add(store);
        // closed: a Redis failure would show as 503 instead of hiding in a node-local count;
        // a generous timeout: this test is about sharing, not about a slow, shared CI machine
        RedisKeygate redisKeygate = RedisKeygate.create(RedisSettings.builder(TestRedis.URL)
                .keyPrefix(redis.prefix).channel(channel).outagePolicy(OutagePolicy.CLOSED)
                .commandTimeout(Duration.ofSeconds(2)).build(), clock, registry);
        resources.add(redisKeygate);
        await().atMost(Duration.ofSeconds(5)).until(() -> !redisKeygate.rateLimiter().degraded());
        Keygate keygate = Keygate.builder().store(store).clock(clock).meterRegistry(registry)
                .planResolver(StaticPlanResolver.single(Plan.of("shared", new Limit(LIMIT, 60))))
                .rateLimiter(redisKeygate.rateLimiter()).build();
        if (broadcast) {
            RedisRevocationBroadcast b = redisKeygate.attach(keygate.service());
            await().atMost(Duration.ofSeconds(5)).until(b::subscribed);
        }

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(new ApiKeyAuthFilter(keygate,
                AuthSettings.builder().cacheTtl(CACHE_TTL).build())), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().print("hello " + req.getUserPrincipal().getName());
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        resources.add(server::stop);
        resources.add(keygate);
        return new Node(keygate, connector.getLocalPort());
    }

    private record Node(Keygate keygate, int port) {
    }
}
