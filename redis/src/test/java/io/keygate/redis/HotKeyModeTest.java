package io.keygate.redis;

import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hot-key mode against the machine's Redis (own key prefix): exactness under 64 threads on three nodes, what
 * reservations cost and how they come back (idle, window end, close).
 */
class HotKeyModeTest {

    private TestRedis redis;
    private final List<RedisKeygate> nodes = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void connect() {
        redis = TestRedis.shared();
    }

    @AfterEach
    void cleanUp() {
        nodes.forEach(RedisKeygate::close);
        redis.close();
    }

    private RedisKeygate node(MutableClock clock, int batch, Duration idle) {
        RedisKeygate node = RedisKeygate.create(RedisSettings.builder(TestRedis.URL).keyPrefix(redis.prefix)
                .outagePolicy(OutagePolicy.CLOSED).commandTimeout(Duration.ofSeconds(2))
                .hotKeyPlans(List.of("hot")).hotKeyBatch(batch).hotKeyIdle(idle).build(), clock, registry);
        nodes.add(node);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.rateLimiter().tryAcquire("warm-up",
                List.of(new Limit(1_000_000, 1))) instanceof RateLimitDecision.Admitted a && a.window() != null);
        return node;
    }

    private String get(String key) {
        return redis.commands().get(redis.prefix + key);
    }

    @Test
    void tryAcquireWhen64ThreadsOnThreeNodesRaceThenNeverMoreThanTheLimitAndAfterGivingBackRedisCountsExactly()
            throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
        List<RedisRateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            limiters.add(node(clock, 8, Duration.ofMinutes(5)).rateLimiter());
        }
        List<Limit> plan = List.of(new Limit(500, 3600), new Limit(700, 86_400));
        AtomicInteger turn = new AtomicInteger();

        int[] outcome = RedisRateLimiterTest.race(64, 12, () -> limiters.get(turn.incrementAndGet() % 3)
                .tryAcquire("key_hot", "hot", plan));

        assertThat(outcome[0]).as("admitted").isLessThanOrEqualTo(500).isGreaterThanOrEqualTo(500 - 3 * 7);
        assertThat(outcome[2]).as("unavailable").isZero();
        limiters.forEach(RedisRateLimiter::giveBackReservations);
        long hour = clock.millis() / 1000 / 3600 * 3600;
        assertThat(get("{key_hot}:3600:" + hour)).isEqualTo(Integer.toString(outcome[0]));
        assertThat(registry.get(RedisMetrics.HOT_KEY_LOCAL).counter().count()).as("decided without a round trip")
                .isGreaterThan(outcome[0] / 2.0);
    }

    @Test
    void tryAcquireWhenOtherNodesHoldUnusedReservationsThenRefusedUntilTheyGiveThemBackWhenIdle() {
        MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
        RedisRateLimiter a = node(clock, 10, Duration.ofMinutes(5)).rateLimiter();
        RedisRateLimiter b = node(clock, 10, Duration.ofMillis(200)).rateLimiter();
        RedisRateLimiter c = node(clock, 10, Duration.ofMillis(200)).rateLimiter();
        List<Limit> plan = List.of(new Limit(25, 3600));

        assertThat(b.tryAcquire("key_cost", "hot", plan)).isInstanceOf(RateLimitDecision.Admitted.class);
        assertThat(c.tryAcquire("key_cost", "hot", plan)).isInstanceOf(RateLimitDecision.Admitted.class);
        int admittedByA = 0;
        for (int i = 0; i < 10; i++) {
            admittedByA += a.tryAcquire("key_cost", "hot", plan) instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        assertThat(admittedByA).as("A gets only what B and C do not hold: 25 - 2 x 10").isEqualTo(5);
        assertThat(b.reservedUnused() + c.reservedUnused()).isEqualTo(18);

        // B and C give back after 200 ms without a request; A asks Redis again after its 100 ms recheck
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.tryAcquire("key_cost", "hot", plan) instanceof RateLimitDecision.Admitted);
        int more = 1;
        for (int i = 0; i < 30; i++) {
            more += a.tryAcquire("key_cost", "hot", plan) instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        assertThat(2 + admittedByA + more).as("exactly the limit in the end").isEqualTo(25);
        assertThat(registry.get(RedisMetrics.HOT_KEY_GIVEN_BACK).counter().count()).isGreaterThanOrEqualTo(18);
    }

    @Test
    void tryAcquireWhenTheShorterWindowEndsThenTheRestIsGivenBackToEveryWindowOfThePlan() {
        MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
        RedisRateLimiter a = node(clock, 4, Duration.ofMinutes(5)).rateLimiter();
        List<Limit> plan = List.of(new Limit(5, 60), new Limit(12, 3600));
        long minute = clock.millis() / 1000 / 60 * 60;
        long hour = clock.millis() / 1000 / 3600 * 3600;

        a.tryAcquire("key_roll", "hot", plan);
        a.tryAcquire("key_roll", "hot", plan);
        assertThat(get("{key_roll}:60:" + minute)).as("a batch of 4 reserved in both windows").isEqualTo("4");
        assertThat(get("{key_roll}:3600:" + hour)).isEqualTo("4");

        clock.advance(Duration.ofSeconds(60));
        RateLimitDecision next = a.tryAcquire("key_roll", "hot", plan);

        assertThat(next).isInstanceOf(RateLimitDecision.Admitted.class);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(get("{key_roll}:3600:" + hour))
                .as("2 given back to the hour, 4 reserved again").isEqualTo("6"));
        assertThat(get("{key_roll}:60:" + (minute + 60))).isEqualTo("4");
        nodes.get(0).close();
        assertThat(get("{key_roll}:3600:" + hour)).as("close gives back the rest: 3 admitted").isEqualTo("3");
        assertThat(get("{key_roll}:60:" + (minute + 60))).isEqualTo("1");
    }

    @Test
    void tryAcquireWhenRedisDiesThenHeldUnitsStillAdmitAndThenTheOutagePolicyAnswersWithoutWaiting()
            throws Exception {
        try (RedisServerProcess server = RedisServerProcess.onFreePort()) {
            server.start();
            MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
            RedisKeygate node = RedisKeygate.create(RedisSettings.builder(server.url()).keyPrefix(redis.prefix)
                    .outagePolicy(OutagePolicy.CLOSED).commandTimeout(Duration.ofMillis(200))
                    .retryInterval(Duration.ofMillis(100)).hotKeyPlans(List.of("hot")).hotKeyBatch(5).build(),
                    clock, registry);
            nodes.add(node);
            RedisRateLimiter a = node.rateLimiter();
            List<Limit> plan = List.of(new Limit(100, 3600));
            await().atMost(Duration.ofSeconds(5)).until(() -> a.tryAcquire("key_outage", "hot", plan)
                    instanceof RateLimitDecision.Admitted);
            long held = a.reservedUnused();

            server.stop();
            List<RateLimitDecision> during = new ArrayList<>();
            long slowest = 0;
            for (int i = 0; i < held + 3; i++) {
                long start = System.nanoTime();
                during.add(a.tryAcquire("key_outage", "hot", plan));
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            }

            assertThat(held).isEqualTo(4);
            assertThat(during.subList(0, (int) held)).as("units granted before the outage are still good")
                    .allMatch(d -> d instanceof RateLimitDecision.Admitted);
            assertThat(during.subList((int) held, during.size())).as("then the closed policy")
                    .containsOnly(new RateLimitDecision.Unavailable(1));
            assertThat(slowest).isLessThanOrEqualTo(200 + 300);
        }
    }

    @Test
    void tryAcquireWhenPlanIsNotOptedInThenEveryRequestIsCountedInRedisAtOnce() {
        MutableClock clock = TestClocks.atWindowOffset(3600, 1_000);
        RedisRateLimiter a = node(clock, 10, Duration.ofMinutes(5)).rateLimiter();
        List<Limit> plan = List.of(new Limit(50, 3600));
        long hour = clock.millis() / 1000 / 3600 * 3600;

        a.tryAcquire("key_cold", "free", plan);
        a.tryAcquire("key_cold", null, plan);
        a.tryAcquire("key_cold", plan);

        assertThat(get("{key_cold}:3600:" + hour)).isEqualTo("3");
        assertThat(a.reservedUnused()).isZero();
    }

    @Test
    void settingsWhenHotKeyForAllPlansThenEveryPlanNameAndNoneUseIt() {
        RedisSettings all = RedisSettings.builder(TestRedis.URL).hotKeyForAllPlans().build();
        RedisSettings some = RedisSettings.fromParameters(Map.of(RedisSettings.URL, TestRedis.URL,
                RedisSettings.HOT_KEY_PLANS, " starter , key ")).orElseThrow();

        assertThat(all.hotKey("free")).isTrue();
        assertThat(all.hotKey(null)).isTrue();
        assertThat(some.hotKey("starter")).isTrue();
        assertThat(some.hotKey("key")).isTrue();
        assertThat(some.hotKey("free")).isFalse();
        assertThat(some.hotKey(null)).isFalse();
        assertThat(RedisSettings.builder(TestRedis.URL).build().hotKey("starter")).isFalse();
    }
}
