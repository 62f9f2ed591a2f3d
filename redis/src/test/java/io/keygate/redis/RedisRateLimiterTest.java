package io.keygate.redis;

import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.WindowState;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the machine's Redis (127.0.0.1:6379); every test uses its own key prefix and deletes only that. */
class RedisRateLimiterTest {

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

    private RedisRateLimiter node(MutableClock clock) {
        RedisKeygate node = RedisKeygate.create(RedisSettings.builder(TestRedis.URL).keyPrefix(redis.prefix)
                // closed: a Redis failure would show as Unavailable instead of hiding in a local count;
                // a generous timeout: these tests are about counting, not about a slow, shared CI machine
                .outagePolicy(OutagePolicy.CLOSED).commandTimeout(Duration.ofSeconds(2)).build(), clock, registry);
        nodes.add(node);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> node.rateLimiter().tryAcquire("warm-up", List.of(new Limit(1_000_000, 1)))
                        instanceof RateLimitDecision.Admitted);
        return node.rateLimiter();
    }

    @Test
    void tryAcquireWhen64ThreadsRaceForOneBucketThenExactlyTheLimitIsAdmitted() throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(60, 1_000);
        RedisRateLimiter limiter = node(clock);
        List<Limit> limits = List.of(new Limit(100, 60));

        int[] outcome = race(64, 10, () -> limiter.tryAcquire("key_race", limits));

        assertThat(outcome[0]).as("admitted").isEqualTo(100);
        assertThat(outcome[1]).as("rejected").isEqualTo(540);
        assertThat(outcome[2]).as("unavailable").isZero();
        assertThat(redis.commands().get(redis.prefix + "{key_race}:60:" + clock.millis() / 1000 / 60 * 60))
                .isEqualTo("100");
    }

    @Test
    void tryAcquireWhenTwoNodesShareALimitThenTogetherTheyAdmitExactlyTheLimit() throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(60, 5_000);
        RedisRateLimiter nodeA = node(clock);
        RedisRateLimiter nodeB = node(clock);
        List<Limit> limits = List.of(new Limit(150, 60));
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

        int[] outcome = race(32, 20, () -> (turn.incrementAndGet() % 2 == 0 ? nodeA : nodeB)
                .tryAcquire("key_cluster", limits));

        assertThat(outcome[0]).as("admitted by both nodes together").isEqualTo(150);
        assertThat(outcome[1]).as("rejected").isEqualTo(32 * 20 - 150);
        assertThat(outcome[2]).as("unavailable").isZero();
    }

    @Test
    void tryAcquireWhenOneOfSeveralWindowsIsFullThenRejectsAndConsumesNothing() {
        MutableClock clock = TestClocks.atWindowOffset(60, 0);
        RedisRateLimiter limiter = node(clock);
        List<Limit> limits = List.of(new Limit(3, 1), new Limit(5, 60));
        long minute = clock.millis() / 1000;

        assertThat(admittedOf(limiter, "key_multi", limits, 4)).isEqualTo(3);   // second 0: 3 of 4
        clock.advance(Duration.ofSeconds(1));
        assertThat(admittedOf(limiter, "key_multi", limits, 4)).isEqualTo(2);   // second 1: minute has 2 left
        clock.advance(Duration.ofSeconds(1));
        RateLimitDecision fullMinute = limiter.tryAcquire("key_multi", limits);

        assertThat(fullMinute).isEqualTo(RateLimitDecision.rejected(
                new WindowState(new Limit(5, 60), 0, minute + 60), 58));
        assertThat(redis.commands().get(redis.prefix + "{key_multi}:60:" + minute)).isEqualTo("5");
        assertThat(redis.commands().get(redis.prefix + "{key_multi}:1:" + (minute + 1))).isEqualTo("2");
        assertThat(redis.commands().get(redis.prefix + "{key_multi}:1:" + (minute + 2)))
                .as("a request rejected by the minute window did not count in the second window").isNull();
    }

    @Test
    void tryAcquireWhenClockPassesTheWindowEndThenTheWindowStartsAgain() {
        MutableClock clock = TestClocks.atWindowOffset(10, 9_500);
        RedisRateLimiter limiter = node(clock);
        List<Limit> limits = List.of(new Limit(2, 10));
        admittedOf(limiter, "key_reset", limits, 2);

        RateLimitDecision rejected = limiter.tryAcquire("key_reset", limits);
        clock.advance(Duration.ofMillis(500));
        RateLimitDecision afterReset = limiter.tryAcquire("key_reset", limits);

        assertThat(rejected).isInstanceOf(RateLimitDecision.Rejected.class);
        assertThat(((RateLimitDecision.Rejected) rejected).retryAfterSeconds()).isEqualTo(1);
        assertThat(afterReset).isEqualTo(RateLimitDecision.admitted(
                new WindowState(new Limit(2, 10), 1, clock.millis() / 1000 + 10)));
    }

    @Test
    void tryAcquireForAnySequenceThenDecisionsEqualTheInProcessLimiters() {
        MutableClock clock = TestClocks.atWindowOffset(3600, 0);
        RedisRateLimiter redisLimiter = node(clock);
        InProcessRateLimiter local = new InProcessRateLimiter(clock);
        List<List<Limit>> plans = List.of(
                List.of(new Limit(3, 1), new Limit(5, 60)),
                List.of(new Limit(4, 10)),
                List.of(new Limit(2, 2), new Limit(6, 30), new Limit(9, 3600)));
        Random random = new Random(20261123);
        int rejected = 0;

        for (int i = 0; i < 1_500; i++) {
            clock.advance(Duration.ofMillis(random.nextInt(4) == 0 ? random.nextInt(4_000) : random.nextInt(150)));
            int plan = random.nextInt(plans.size());
            String bucket = "key_parity_" + plan;
            RateLimitDecision expected = local.tryAcquire(bucket, plans.get(plan));
            RateLimitDecision actual = redisLimiter.tryAcquire(bucket, plans.get(plan));
            assertThat(actual).as("request %d at %s, plan %s", i, clock.instant(), plans.get(plan))
                    .isEqualTo(expected);
            rejected += expected instanceof RateLimitDecision.Rejected ? 1 : 0;
        }
        assertThat(rejected).as("the sequence exercises rejections").isGreaterThan(100);
    }

    @Test
    void tryAcquireWhenCountingThenEachKeyExpiresShortlyAfterItsWindow() {
        MutableClock clock = TestClocks.atWindowOffset(60, 20_000);
        RedisRateLimiter limiter = node(clock);

        limiter.tryAcquire("key_ttl", List.of(new Limit(10, 60), new Limit(100, 3600)));

        long minute = clock.millis() / 1000 / 60 * 60;
        long hour = clock.millis() / 1000 / 3600 * 3600;
        String minuteKey = redis.prefix + "{key_ttl}:60:" + minute;
        String hourKey = redis.prefix + "{key_ttl}:3600:" + hour;
        assertThat(redis.keys()).contains(minuteKey, hourKey);
        long minuteTtl = (minute + 60) * 1000 - clock.millis() + RedisRateLimiter.EXPIRY_GRACE_MILLIS;
        long hourTtl = (hour + 3600) * 1000 - clock.millis() + RedisRateLimiter.EXPIRY_GRACE_MILLIS;
        assertThat(redis.commands().pttl(minuteKey)).isBetween(minuteTtl - 2_000, minuteTtl);
        assertThat(redis.commands().pttl(hourKey)).isBetween(hourTtl - 2_000, hourTtl);
    }

    @Test
    void tryAcquireWhenNoLimitsThenAdmitsWithoutTouchingRedis() {
        RedisRateLimiter limiter = node(TestClocks.atWindowOffset(60, 0));

        assertThat(limiter.tryAcquire("key_unlimited", List.of())).isEqualTo(RateLimitDecision.admitted(null));
        assertThat(redis.keys()).noneMatch(k -> k.contains("key_unlimited"));
    }

    @Test
    void tryAcquireWhenRedisAnswersThenTheRoundTripIsTimedAndNothingFallsBack() {
        RedisRateLimiter limiter = node(TestClocks.atWindowOffset(60, 0));
        long before = registry.get(RedisMetrics.DURATION).timer().count();

        limiter.tryAcquire("key_metrics", List.of(new Limit(5, 60)));

        assertThat(registry.get(RedisMetrics.DURATION).timer().count()).isEqualTo(before + 1);
        assertThat(registry.get(RedisMetrics.ERRORS).counter().count()).isZero();
        assertThat(registry.get(RedisMetrics.FALLBACKS).tag("policy", "closed").counter().count()).isZero();
    }

    private static int admittedOf(RedisRateLimiter limiter, String bucket, List<Limit> limits, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            admitted += limiter.tryAcquire(bucket, limits) instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        return admitted;
    }

    /** Runs {@code perThread} calls on each of {@code threads} threads released together; {admitted, rejected, other}. */
    static int[] race(int threads, int perThread, Callable<RateLimitDecision> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int[] counts = new int[3];
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        RateLimitDecision d = call.call();
                        counts[d instanceof RateLimitDecision.Admitted ? 0
                                : d instanceof RateLimitDecision.Rejected ? 1 : 2]++;
                    }
                    return counts;
                }));
            }
            start.countDown();
            int[] total = new int[3];
            for (Future<int[]> f : results) {
                int[] c = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < 3; i++) {
                    total[i] += c[i];
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
