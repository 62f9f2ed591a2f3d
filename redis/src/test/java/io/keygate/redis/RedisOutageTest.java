package io.keygate.redis;

import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.LimiterHealth;
import io.keygate.limit.RateLimitDecision;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis unreachable, killed or hung, on a redis-server of the test's own (never the shared one): each outage policy
 * decides as documented, no call waits longer than the command timeout (plus scheduling margin), the meters count
 * it, and rate limiting returns to Redis by itself when Redis is back.
 */
class RedisOutageTest {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);
    /** Scheduling slack on a shared 2-core machine; a hang without timeouts would exceed it by far. */
    static final long MARGIN_MILLIS = 300;
    static final List<Limit> THREE_PER_MINUTE = List.of(new Limit(3, 60));

    private RedisServerProcess server;
    private RedisKeygate node;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = TestClocks.atWindowOffset(60, 1_000);
    private final String prefix = "keygate:outage:" + java.util.UUID.randomUUID() + ":";
    private long slowestMillis;

    @BeforeEach
    void createServer() throws Exception {
        server = RedisServerProcess.onFreePort();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (node != null) {
            node.close();
        }
        server.close();
        System.out.println("RedisOutageTest: slowest tryAcquire during the outage " + slowestMillis + " ms");
    }

    private RedisRateLimiter limiter(OutagePolicy policy) {
        node = RedisKeygate.create(RedisSettings.builder(server.url()).keyPrefix(prefix).outagePolicy(policy)
                .commandTimeout(COMMAND_TIMEOUT).connectTimeout(Duration.ofMillis(200))
                .retryInterval(Duration.ofMillis(100)).build(), clock, registry);
        return node.rateLimiter();
    }

    private RateLimitDecision timed(RedisRateLimiter limiter, String bucket) {
        long start = System.nanoTime();
        RateLimitDecision d = limiter.tryAcquire(bucket, THREE_PER_MINUTE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        slowestMillis = Math.max(slowestMillis, millis);
        assertThat(millis).as("tryAcquire during an outage took %d ms", millis)
                .isLessThanOrEqualTo(COMMAND_TIMEOUT.toMillis() + MARGIN_MILLIS);
        return d;
    }

    private List<RateLimitDecision> fiveCalls(RedisRateLimiter limiter, String bucket) {
        List<RateLimitDecision> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(timed(limiter, bucket));
        }
        return out;
    }

    private double fallbacks(OutagePolicy policy) {
        return registry.get(RedisMetrics.FALLBACKS).tag("policy", policy.wireName()).counter().count();
    }

    private double errors() {
        return registry.get(RedisMetrics.ERRORS).counter().count();
    }

    /** Waits until a decision is made by Redis again (the counter shows up in the test's own server). */
    private void awaitRecovery(RedisRateLimiter limiter, String bucket) {
        long start = System.nanoTime();
        try (TestRedis own = TestRedis.at(server.url())) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                limiter.tryAcquire(bucket, THREE_PER_MINUTE);
                return !limiter.degraded() && own.commands().exists(keyOf(bucket)) == 1;
            });
            own.commands().del(keyOf(bucket));
        }
        System.out.println("RedisOutageTest: rate limiting back on Redis " + (System.nanoTime() - start) / 1_000_000
                + " ms after the server accepted connections (" + bucket + ")");
    }

    private String keyOf(String bucket) {
        return prefix + "{" + bucket + "}:60:" + clock.millis() / 60_000 * 60;
    }

    @Test
    void tryAcquireWhenUnreachableAndPolicyLocalThenLimitsHoldPerNodeAndFallbacksAreCounted() throws Exception {
        RedisRateLimiter limiter = limiter(OutagePolicy.LOCAL);
        InProcessRateLimiter expected = new InProcessRateLimiter(clock);

        List<RateLimitDecision> decisions = fiveCalls(limiter, "key_local");

        List<RateLimitDecision> local = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            local.add(expected.tryAcquire("key_local", THREE_PER_MINUTE));
        }
        assertThat(decisions).isEqualTo(local);
        assertThat(decisions).filteredOn(d -> d instanceof RateLimitDecision.Admitted).hasSize(3);
        assertThat(fallbacks(OutagePolicy.LOCAL)).isEqualTo(5);
        assertThat(errors()).isGreaterThanOrEqualTo(1);

        server.start();
        awaitRecovery(limiter, "key_recovered");
    }

    @Test
    void tryAcquireWhenUnreachableAndPolicyOpenThenAdmitsWithoutCounting() throws Exception {
        RedisRateLimiter limiter = limiter(OutagePolicy.OPEN);

        List<RateLimitDecision> decisions = fiveCalls(limiter, "key_open");

        assertThat(decisions).containsOnly(RateLimitDecision.admitted(null));
        assertThat(fallbacks(OutagePolicy.OPEN)).isEqualTo(5);
        assertThat(errors()).isGreaterThanOrEqualTo(1);

        server.start();
        awaitRecovery(limiter, "key_recovered");
    }

    @Test
    void tryAcquireWhenUnreachableAndPolicyClosedThenUnavailableWithRetryAfter() throws Exception {
        RedisRateLimiter limiter = limiter(OutagePolicy.CLOSED);

        List<RateLimitDecision> decisions = fiveCalls(limiter, "key_closed");

        assertThat(decisions).containsOnly(new RateLimitDecision.Unavailable(1));
        assertThat(fallbacks(OutagePolicy.CLOSED)).isEqualTo(5);
        assertThat(errors()).isGreaterThanOrEqualTo(1);

        server.start();
        awaitRecovery(limiter, "key_recovered");
    }

    @ParameterizedTest
    @EnumSource(OutagePolicy.class)
    void tryAcquireWhenRedisIsKilledMidTestThenPolicyAppliesAtOnceAndRedisCountsAgainWhenBack(OutagePolicy policy)
            throws Exception {
        server.start();
        RedisRateLimiter limiter = limiter(policy);
        awaitRecovery(limiter, "key_before");
        assertThat(limiter.tryAcquire("key_kill", THREE_PER_MINUTE)).isInstanceOf(RateLimitDecision.Admitted.class);

        double fallbacksBefore = fallbacks(policy);
        double errorsBefore = errors();
        server.stop();
        List<RateLimitDecision> during = fiveCalls(limiter, "key_kill");

        switch (policy) {
            // the local limiter starts from zero: the node does not know what Redis had counted
            case LOCAL -> assertThat(during).filteredOn(d -> d instanceof RateLimitDecision.Admitted).hasSize(3);
            case OPEN -> assertThat(during).containsOnly(RateLimitDecision.admitted(null));
            case CLOSED -> assertThat(during).containsOnly(new RateLimitDecision.Unavailable(1));
        }
        assertThat(fallbacks(policy) - fallbacksBefore).isEqualTo(5);
        assertThat(errors() - errorsBefore).isGreaterThanOrEqualTo(1);

        server.start();
        awaitRecovery(limiter, "key_after");
    }

    @Test
    void tryAcquireWhenRedisHangsThenCallsTimeOutWithinTheCommandTimeoutAndTheBreakerSkipsRedis() throws Exception {
        server.start();
        RedisRateLimiter limiter = limiter(OutagePolicy.CLOSED);
        awaitRecovery(limiter, "key_before");

        double errorsBefore = errors();
        server.freeze();
        try {
            long start = System.nanoTime();
            RateLimitDecision first = timed(limiter, "key_hang");
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            List<RateLimitDecision> next = fiveCalls(limiter, "key_hang");

            assertThat(first).isEqualTo(new RateLimitDecision.Unavailable(1));
            assertThat(firstMillis).as("the first call waited for the command timeout")
                    .isGreaterThanOrEqualTo(COMMAND_TIMEOUT.toMillis() - 20);
            assertThat(next).containsOnly(new RateLimitDecision.Unavailable(1));
            assertThat(limiter.degraded()).isTrue();
            assertThat(errors() - errorsBefore).isGreaterThanOrEqualTo(1);
            assertThat(registry.get(RedisMetrics.DURATION).timer().count()).as("failed round trips are timed too")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            server.thaw();
        }
        awaitRecovery(limiter, "key_after");
    }

    @ParameterizedTest
    @EnumSource(OutagePolicy.class)
    void healthWhenRedisUnreachableThenFollowsThePolicyAndIsUpOnceRedisAnswers(OutagePolicy policy) throws Exception {
        RedisRateLimiter limiter = limiter(policy);
        timed(limiter, "key_health");

        assertThat(limiter.health()).isEqualTo(policy == OutagePolicy.CLOSED ? LimiterHealth.DOWN
                : LimiterHealth.DEGRADED);

        server.start();
        awaitRecovery(limiter, "key_health_after");
        assertThat(limiter.health()).isEqualTo(LimiterHealth.UP);
    }
}
