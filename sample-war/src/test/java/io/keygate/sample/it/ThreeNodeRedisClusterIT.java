package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.redis.testing.RedisCluster;
import io.keygate.redis.testing.RedisProcesses;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.testing.ScratchSchema;
import io.keygate.testing.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real Tomcat 11 nodes running the sample WAR over one PostgreSQL schema (its own, dropped afterwards) and a
 * Redis Cluster of the test's own (three masters, three replicas), configured only through KEYGATE_JDBC_URL and
 * {@code KEYGATE_REDIS_URL=redis-cluster://...}, and driven only through the contract's HTTP API: a shared limit
 * holds exactly across the nodes, and a key revoked through one node is refused by the others within a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodeRedisClusterIT {

    static final int LIMIT = 30;

    private ScratchSchema schema;
    private RedisCluster cluster;
    private final List<ServletContainer> nodes = new ArrayList<>();
    private final List<ApiClient> apis = new ArrayList<>();
    private String admin;

    @BeforeAll
    void startNodes() throws Exception {
        Services.requirePostgres();
        RedisProcesses.requireBinaries();
        schema = ScratchSchema.postgres("keygate_3node_it");
        cluster = RedisCluster.start();
        admin = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        for (int i = 0; i < 3; i++) {
            ServletContainer c = TomcatContainer.tomcat11();
            c.env("KEYGATE_JDBC_URL", schema.jdbcUrl());
            c.env("KEYGATE_JDBC_USER", schema.user());
            c.env("KEYGATE_REDIS_URL", cluster.url());
            c.env("KEYGATE_BOOTSTRAP_KEY", admin);
            nodes.add(c);
            apis.add(new ApiClient(c::uri));
        }
        // the first node migrates the schema and stores the bootstrap key; the other two then start together
        nodes.get(0).start();
        CompletableFuture.allOf(CompletableFuture.runAsync(nodes.get(1)::start),
                CompletableFuture.runAsync(nodes.get(2)::start)).get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    void stopNodes() {
        try {
            nodes.forEach(ServletContainer::close);
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    /** A window length whose current window has at least ten minutes left, so no reset falls into the test. */
    private static long window() {
        long now = Instant.now().getEpochSecond();
        for (long w : new long[]{86_400, 90_000, 100_000, 200_000}) {
            if (w - now % w >= 600) {
                return w;
            }
        }
        throw new IllegalStateException("no window with ten minutes left");
    }

    private Response createKey(String body) {
        Response r = apis.get(0).post("/admin/api/keys", admin, body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r;
    }

    @Test
    void requestsSpreadOverThreeNodesWhenTheyShareALimitThenExactlyTheLimitIsAdmitted() throws Exception {
        String key = createKey("{\"name\":\"shared limit\",\"organization_id\":\"acme\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"it\"},\"rate_limit\":{\"limit\":"
                + LIMIT + ",\"window_seconds\":" + window() + "}}").field("key");
        int threads = 6;
        int perThread = 15;

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    int[] statuses = new int[3];
                    for (int i = 0; i < perThread; i++) {
                        int status = apis.get((offset + i) % 3).get("/developer/api/workflows", key).status();
                        statuses[status == 200 ? 0 : status == 429 ? 1 : 2]++;
                    }
                    return statuses;
                }));
            }
            int[] total = new int[3];
            for (Future<int[]> f : futures) {
                int[] s = f.get(2, TimeUnit.MINUTES);
                for (int i = 0; i < 3; i++) {
                    total[i] += s[i];
                }
            }
            assertThat(total[0]).as("200 from the three nodes together").isEqualTo(LIMIT);
            assertThat(total[1]).as("429").isEqualTo(threads * perThread - LIMIT);
            assertThat(total[2]).as("any other status (a 500 or 503 would land here)").isZero();
        } finally {
            pool.shutdownNow();
        }
        Response after = apis.get(2).get("/developer/api/workflows", key);
        assertThat(after.status()).isEqualTo(429);
        assertThat(after.header("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void keyRevokedThroughOneNodeThenTheOtherNodesRefuseItWithinOneSecond() {
        Response created = createKey("{\"name\":\"to revoke\",\"organization_id\":\"acme\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"it\"}}");
        String key = created.field("key");
        for (ApiClient api : apis) {
            assertThat(api.get("/developer/api/workflows", key).status()).as("cached on every node").isEqualTo(200);
        }

        long revokedAt = System.nanoTime();
        assertThat(apis.get(0).delete("/admin/api/keys/" + created.field("id"), admin).status()).isEqualTo(204);
        long[] refusedAfter = new long[3];
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> {
            boolean all = true;
            for (int i = 1; i < 3; i++) {
                if (refusedAfter[i] == 0) {
                    if (apis.get(i).get("/developer/api/workflows", key).status() == 401) {
                        refusedAfter[i] = (System.nanoTime() - revokedAt) / 1_000_000;
                    } else {
                        all = false;
                    }
                }
            }
            return all;
        });

        System.out.println("ThreeNodeRedisClusterIT: key revoked through node 1 was refused by node 2 after "
                + refusedAfter[1] + " ms and by node 3 after " + refusedAfter[2] + " ms");
        assertThat(refusedAfter[1]).isLessThan(1_000);
        assertThat(refusedAfter[2]).isLessThan(1_000);
        assertThat(apis.get(0).get("/developer/api/workflows", key).status()).isEqualTo(401);
    }
}
