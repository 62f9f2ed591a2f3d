package io.keygate.redis;

import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.redis.testing.RedisProcesses;
import io.keygate.redis.testing.RedisSentinels;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.service.RevocationListener;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One master, one replica and three sentinels of the test's own ({@link RedisSentinels}); two nodes connect through
 * a {@code redis-sentinel://} URL. When the master is killed, the sentinels promote the replica and the nodes move
 * to it by themselves (Lettuce asks the sentinels for the master at every reconnection).
 */
class RedisSentinelTest {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    static final long MARGIN_MILLIS = 400;

    private RedisSentinels sentinels;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String prefix = "keygate:sentinel:" + UUID.randomUUID() + ":";
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();

    @BeforeEach
    void start() {
        RedisProcesses.requireBinaries();
        sentinels = RedisSentinels.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        sentinels.close();
    }

    private record Node(RedisRateLimiter limiter, ApiKeyService service, List<String> received) {
    }

    private Node node(MutableClock clock) {
        RedisKeygate redis = RedisKeygate.create(RedisSettings.builder(sentinels.url()).keyPrefix(prefix)
                .channel(prefix + "revocations").outagePolicy(OutagePolicy.CLOSED).commandTimeout(COMMAND_TIMEOUT)
                .retryInterval(Duration.ofMillis(200)).build(), clock, registry);
        resources.add(redis);
        ApiKeyService service = new ApiKeyService(store);
        RedisRevocationBroadcast broadcast = redis.attach(service);
        List<String> received = new CopyOnWriteArrayList<>();
        service.addListener(new RevocationListener() {
            @Override
            public void keyChanged(String keyHash) {
                received.add(keyHash);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> broadcast.subscribed() && !redis.rateLimiter().degraded()
                && redis.rateLimiter().tryAcquire("warm-up", List.of(new Limit(1_000_000, 1)))
                instanceof RateLimitDecision.Admitted a && a.window() != null);
        return new Node(redis.rateLimiter(), service, received);
    }

    @Test
    void masterKilledWhenSentinelsPromoteTheReplicaThenNodesFollowCountsSurviveAndRevocationsStillArrive()
            throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
        Node a = node(clock);
        Node b = node(clock);
        List<Limit> plan = List.of(new Limit(50, 3600));
        int before = 0;
        for (int i = 0; i < 30; i++) {
            before += (i % 2 == 0 ? a : b).limiter.tryAcquire("key_sentinel", plan)
                    instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        assertThat(before).isEqualTo(30);
        int oldMaster = sentinels.master();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slowest = new AtomicLong();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        List<Limit> large = List.of(new Limit(1_000_000, 3600));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        RateLimitDecision d = (id % 2 == 0 ? a : b).limiter.tryAcquire("key_busy", large);
                        assertThat(d).isInstanceOfAny(RateLimitDecision.Admitted.class,
                                RateLimitDecision.Unavailable.class);
                    } catch (Throwable e) {
                        escaped.add(e);
                    }
                    slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
            }));
        }
        Duration failover;
        long back;
        try {
            long started = System.nanoTime();
            failover = sentinels.killMaster();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                    a.limiter.tryAcquire("key_probe", large) instanceof RateLimitDecision.Admitted
                            && b.limiter.tryAcquire("key_probe", large) instanceof RateLimitDecision.Admitted
                            && !a.limiter.degraded() && !b.limiter.degraded());
            back = (System.nanoTime() - started) / 1_000_000;
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        int after = 0;
        for (int i = 0; i < 40; i++) {
            after += (i % 2 == 0 ? a : b).limiter.tryAcquire("key_sentinel", plan)
                    instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        System.out.println("RedisSentinelTest: failover from :" + oldMaster + " to :" + sentinels.master()
                + " took " + failover.toMillis() + " ms; both nodes decide in Redis again " + back
                + " ms after the kill; slowest call " + slowest.get() + " ms");
        assertThat(sentinels.master()).isNotEqualTo(oldMaster);
        assertThat(escaped).isEmpty();
        assertThat(slowest.get()).isLessThanOrEqualTo(COMMAND_TIMEOUT.toMillis() + MARGIN_MILLIS);
        assertThat(after).as("the counter moved with the failover: 50 - 30 left").isEqualTo(20);
        assertThat(RedisProcesses.cli(sentinels.master(), "GET", prefix + "{key_sentinel}:3600:"
                + clock.millis() / 1000 / 3600 * 3600).trim()).isEqualTo("50");

        CreatedKey key = a.service.create(NewKey.builder("acme", Owner.user("u1")).name("sentinel").build());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            a.service.revoke(key.key().id());
            return b.received.contains(key.key().hash());
        });
    }
}
