package io.keygate.limit;

import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessRateLimiterTest {

    /** 1_800_000_000 is a multiple of 1, 60 and 3600, so window starts are easy to check by hand. */
    private static final long BASE = 1_800_000_000L;
    private static final Limit PER_SECOND_3 = new Limit(3, 1);
    private static final Limit PER_MINUTE_5 = new Limit(5, 60);

    private final MutableClock clock = MutableClock.at(Instant.ofEpochSecond(BASE));
    private final InProcessRateLimiter limiter = new InProcessRateLimiter(clock);

    @AfterEach
    void close() {
        limiter.close();
    }

    @Test
    void tryAcquireWhenPlanGainsALongerWindowThenCountsOfTheCurrentWindowAreKept() {
        List<Limit> minute = List.of(new Limit(2, 60));
        List<Limit> minuteAndHour = List.of(new Limit(2, 60), new Limit(10, 3600));
        assertThat(limiter.tryAcquire("growing", minute)).isInstanceOf(RateLimitDecision.Admitted.class);
        assertThat(limiter.tryAcquire("growing", minute)).isInstanceOf(RateLimitDecision.Admitted.class);
        // the bucket must now live until the end of the hour; it is replaced by a copy, not reset
        assertThat(limiter.tryAcquire("growing", minuteAndHour)).isInstanceOf(RateLimitDecision.Rejected.class);
        clock.advance(Duration.ofSeconds(60));
        RateLimitDecision next = limiter.tryAcquire("growing", minuteAndHour);
        assertThat(next).isInstanceOf(RateLimitDecision.Admitted.class);
        assertThat(((RateLimitDecision.Admitted) next).window().remaining()).isEqualTo(1);
        // the hour window was created with the copy and counts from there
        clock.advance(Duration.ofMinutes(30));
        assertThat(limiter.bucketCount()).isEqualTo(1);
    }

    @Test
    void tryAcquireWhenTwoLimitsShareAWindowThenCountedOnceAgainstTheSmaller() {
        List<Limit> limits = List.of(new Limit(10, 60), new Limit(20, 60));
        long[] remaining = new long[12];
        for (int i = 0; i < 12; i++) {
            RateLimitDecision d = limiter.tryAcquire("same-window", limits);
            remaining[i] = d instanceof RateLimitDecision.Admitted a ? a.window().remaining() : -1;
        }
        assertThat(remaining).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -1);
    }

    @Test
    void tryAcquireWhen64ThreadsHammerOneBucketThenExactly100Admitted() throws Exception {
        List<Limit> limits = List.of(new Limit(100, 60));
        List<RateLimitDecision> decisions = hammer(64, 20, "key_hot", limits);

        List<RateLimitDecision.Admitted> admitted = admitted(decisions);
        assertThat(decisions).hasSize(64 * 20);
        assertThat(admitted).hasSize(100);
        // every admitted request saw a distinct remaining value: 99, 98, ..., 0
        assertThat(admitted).extracting(a -> a.window().remaining())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(0, 99).boxed().toList());
        assertThat(decisions).filteredOn(RateLimitDecision.Rejected.class::isInstance)
                .hasSize(64 * 20 - 100)
                .allSatisfy(d -> assertThat(((RateLimitDecision.Rejected) d).window().remaining()).isZero());
    }

    @Test
    void tryAcquireWhen64ThreadsAndTwoWindowsThenTheTighterWindowAdmitsExactlyItsLimit() throws Exception {
        List<Limit> limits = List.of(new Limit(100, 60), new Limit(37, 1));
        List<RateLimitDecision> decisions = hammer(64, 10, "key_hot", limits);

        assertThat(admitted(decisions)).hasSize(37);
        // the 60s window counted only the 37 admitted requests, not the 603 rejected ones
        RateLimitDecision next = limiter.tryAcquire("key_hot", List.of(new Limit(100, 60)));
        assertThat(next).isInstanceOfSatisfying(RateLimitDecision.Admitted.class,
                a -> assertThat(a.window().remaining()).isEqualTo(100 - 37 - 1));
    }

    @Test
    void tryAcquireWhenOneWindowFullThenRejectedAndRejectionsConsumeNothingInOtherWindows() {
        List<Limit> limits = List.of(PER_SECOND_3, PER_MINUTE_5);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Admitted.class);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Rejected.class);
        }

        // next second: the per-minute window has room for exactly 5 - 3 = 2 more, the 10 rejections did not count
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Admitted.class);
        RateLimitDecision fifth = limiter.tryAcquire("k", limits);
        assertThat(fifth).isInstanceOfSatisfying(RateLimitDecision.Admitted.class, a -> {
            assertThat(a.window().limit()).isEqualTo(PER_MINUTE_5);
            assertThat(a.window().remaining()).isZero();
        });
        // per-second window has room (2 used of 3) but the minute is full: rejected by the minute
        RateLimitDecision sixth = limiter.tryAcquire("k", limits);
        assertThat(sixth).isInstanceOfSatisfying(RateLimitDecision.Rejected.class, r -> {
            assertThat(r.window().limit()).isEqualTo(PER_MINUTE_5);
            assertThat(r.retryAfterSeconds()).isEqualTo(59);
        });
    }

    @Test
    void tryAcquireWhenRejectedByLongWindowThenShortWindowCountUnchanged() {
        Limit perSecond10 = new Limit(10, 1);
        Limit perMinute3 = new Limit(3, 60);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", List.of(perSecond10, perMinute3)))
                    .isInstanceOf(RateLimitDecision.Admitted.class);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("k", List.of(perSecond10, perMinute3)))
                    .isInstanceOf(RateLimitDecision.Rejected.class);
        }
        // asking for the per-second window alone (same second) shows 3 used, not 23
        assertThat(limiter.tryAcquire("k", List.of(perSecond10))).isInstanceOfSatisfying(
                RateLimitDecision.Admitted.class, a -> assertThat(a.window().remaining()).isEqualTo(10 - 3 - 1));
    }

    @Test
    void tryAcquireWhenMidWindowThenResetIsNextMultipleOfWindowSinceEpoch() {
        clock.set(Instant.ofEpochSecond(BASE + 17, 250_000_000));

        RateLimitDecision.Admitted minute = (RateLimitDecision.Admitted) limiter.tryAcquire("a", List.of(new Limit(9, 60)));
        RateLimitDecision.Admitted hour = (RateLimitDecision.Admitted) limiter.tryAcquire("b", List.of(new Limit(9, 3600)));
        RateLimitDecision.Admitted second = (RateLimitDecision.Admitted) limiter.tryAcquire("c", List.of(new Limit(9, 1)));
        RateLimitDecision.Admitted seven = (RateLimitDecision.Admitted) limiter.tryAcquire("d", List.of(new Limit(9, 7)));

        assertThat(minute.window().resetEpochSecond()).isEqualTo(BASE + 60);
        assertThat(hour.window().resetEpochSecond()).isEqualTo(BASE + 3600);
        assertThat(second.window().resetEpochSecond()).isEqualTo(BASE + 18);
        // 1_800_000_017 / 7 = 257_142_859.57..., so the 7s window is [1_800_000_013, 1_800_000_020)
        assertThat(seven.window().resetEpochSecond()).isEqualTo(1_800_000_020L);
        assertThat(seven.window().resetEpochSecond() % 7).isZero();
    }

    @Test
    void tryAcquireWhenClockMovesPastWindowEndThenCountResets() {
        List<Limit> limits = List.of(new Limit(3, 60));
        clock.set(Instant.ofEpochSecond(BASE + 30));
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("k", limits);
        }
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Rejected.class);

        clock.set(Instant.ofEpochSecond(BASE + 59, 999_000_000));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Rejected.class);

        clock.set(Instant.ofEpochSecond(BASE + 60));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOfSatisfying(RateLimitDecision.Admitted.class, a -> {
            assertThat(a.window().remaining()).isEqualTo(2);
            assertThat(a.window().resetEpochSecond()).isEqualTo(BASE + 120);
        });
    }

    @Test
    void tryAcquireWhenRepeatedThenRemainingIsLimitMinusAdmittedAndNeverNegative() {
        List<Limit> limits = List.of(new Limit(5, 60));
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RateLimitDecision d = limiter.tryAcquire("k", limits);
            remaining.add(d instanceof RateLimitDecision.Admitted a ? a.window().remaining()
                    : ((RateLimitDecision.Rejected) d).window().remaining());
        }
        assertThat(remaining).containsExactly(4L, 3L, 2L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
    }

    @Test
    void tryAcquireWhenRejectedThenRetryAfterIsWholeSecondsUntilWindowEndAndRetryThenSucceeds() {
        List<Limit> limits = List.of(new Limit(2, 60));
        clock.set(Instant.ofEpochSecond(BASE + 17, 250_000_000));
        limiter.tryAcquire("k", limits);
        limiter.tryAcquire("k", limits);

        RateLimitDecision.Rejected rejected = (RateLimitDecision.Rejected) limiter.tryAcquire("k", limits);
        // 42.75 s left in the window, rounded up
        assertThat(rejected.retryAfterSeconds()).isEqualTo(43);

        clock.advance(Duration.ofSeconds(rejected.retryAfterSeconds() - 1));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Rejected.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Admitted.class);
    }

    @Test
    void tryAcquireWhenOneMillisecondLeftThenRetryAfterIsAtLeastOneSecond() {
        List<Limit> limits = List.of(new Limit(1, 60));
        clock.set(Instant.ofEpochSecond(BASE + 59, 999_000_000));
        limiter.tryAcquire("k", limits);

        RateLimitDecision.Rejected rejected = (RateLimitDecision.Rejected) limiter.tryAcquire("k", limits);

        assertThat(rejected.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(rejected.retryAfterSeconds()));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Admitted.class);
    }

    @Test
    void tryAcquireWhenSeveralWindowsExhaustedThenRetryAfterCoversTheLongestAndRetryThenSucceeds() {
        List<Limit> limits = List.of(new Limit(3, 1), new Limit(3, 60));
        clock.set(Instant.ofEpochSecond(BASE + 17, 250_000_000));
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("k", limits);
        }

        RateLimitDecision.Rejected rejected = (RateLimitDecision.Rejected) limiter.tryAcquire("k", limits);

        assertThat(rejected.retryAfterSeconds()).isEqualTo(43);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Rejected.class);
        clock.set(Instant.ofEpochSecond(BASE + 17, 250_000_000).plusSeconds(rejected.retryAfterSeconds()));
        assertThat(limiter.tryAcquire("k", limits)).isInstanceOf(RateLimitDecision.Admitted.class);
    }

    @Test
    void tryAcquireWhenWindowsDifferInRemainingThenReportsTheLeastRemaining() {
        RateLimitDecision.Admitted first = (RateLimitDecision.Admitted)
                limiter.tryAcquire("a", List.of(new Limit(10, 1), new Limit(5, 60)));
        assertThat(first.window().limit()).isEqualTo(new Limit(5, 60));
        assertThat(first.window().remaining()).isEqualTo(4);

        RateLimitDecision.Admitted other = (RateLimitDecision.Admitted)
                limiter.tryAcquire("b", List.of(new Limit(100, 60), new Limit(10, 1)));
        assertThat(other.window().limit()).isEqualTo(new Limit(10, 1));
        assertThat(other.window().remaining()).isEqualTo(9);
    }

    @Test
    void tryAcquireWhenWindowsTieOnRemainingThenReportsTheShorterWindowWhateverTheOrder() {
        RateLimitDecision.Admitted longFirst = (RateLimitDecision.Admitted)
                limiter.tryAcquire("a", List.of(new Limit(3, 60), new Limit(3, 1)));
        RateLimitDecision.Admitted shortFirst = (RateLimitDecision.Admitted)
                limiter.tryAcquire("b", List.of(new Limit(3, 1), new Limit(3, 60)));

        assertThat(longFirst.window().limit()).isEqualTo(new Limit(3, 1));
        assertThat(shortFirst.window().limit()).isEqualTo(new Limit(3, 1));
        assertThat(longFirst.window().remaining()).isEqualTo(2);
    }

    @Test
    void tryAcquireWhenNoLimitsThenAdmittedWithoutCountingOrBucket() {
        RateLimitDecision d = limiter.tryAcquire("k", List.of());
        assertThat(d).isInstanceOfSatisfying(RateLimitDecision.Admitted.class, a -> assertThat(a.window()).isNull());
        assertThat(limiter.bucketCount()).isZero();
    }

    @Test
    void bucketCountWhenLongestWindowEndedThenIdleBucketEvicted() {
        clock.set(Instant.ofEpochSecond(BASE + 17));
        limiter.tryAcquire("k1", List.of(PER_SECOND_3, PER_MINUTE_5));
        limiter.tryAcquire("k2", List.of(PER_SECOND_3));
        assertThat(limiter.bucketCount()).isEqualTo(2);

        // the per-second-only bucket goes once its second is over; the other lives to the minute's end. Caffeine
        // sweeps expired entries on a timer wheel of ~1.07 s resolution, hence "end + 2 s" for the drop.
        clock.set(Instant.ofEpochSecond(BASE + 20));
        assertThat(limiter.bucketCount()).isEqualTo(1);
        clock.set(Instant.ofEpochSecond(BASE + 59, 999_000_000));
        assertThat(limiter.bucketCount()).isEqualTo(1);
        clock.set(Instant.ofEpochSecond(BASE + 62));
        assertThat(limiter.bucketCount()).isZero();
    }

    @Test
    void bucketCountWhenBucketUsedAgainThenItsLifeExtendsToTheNewWindowEnd() {
        List<Limit> limits = List.of(PER_MINUTE_5);
        limiter.tryAcquire("k", limits);
        clock.set(Instant.ofEpochSecond(BASE + 61));
        limiter.tryAcquire("k", limits);
        clock.set(Instant.ofEpochSecond(BASE + 119, 999_000_000));
        assertThat(limiter.bucketCount()).isEqualTo(1);
        clock.set(Instant.ofEpochSecond(BASE + 122));
        assertThat(limiter.bucketCount()).isZero();
    }

    @Test
    void bucketCountWhenMoreBucketsThanMaxThenBoundHolds() {
        InProcessRateLimiter bounded = new InProcessRateLimiter(clock, 100);
        try {
            for (int i = 0; i < 5_000; i++) {
                bounded.tryAcquire("key_" + i, List.of(new Limit(10, 3600)));
            }
            assertThat(bounded.bucketCount()).isLessThanOrEqualTo(100).isPositive();
        } finally {
            bounded.close();
        }
    }

    @Test
    void constructorWhenMaxBucketsBelowOneThenMessageNamesValueAndRule() {
        assertThatThrownBy(() -> new InProcessRateLimiter(clock, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0").hasMessageContaining("maxBuckets").hasMessageContaining("at least 1");
    }

    /** Runs {@code threads} real threads, released together by a latch, each trying {@code perThread} times. */
    private List<RateLimitDecision> hammer(int threads, int perThread, String bucket, List<Limit> limits)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        ConcurrentLinkedQueue<RateLimitDecision> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    ready.countDown();
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        results.add(limiter.tryAcquire(bucket, limits));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            }, "limiter-test-" + t);
            workers.add(worker);
            worker.start();
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        start.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).isEmpty();
        return new ArrayList<>(results);
    }

    private static List<RateLimitDecision.Admitted> admitted(List<RateLimitDecision> decisions) {
        return decisions.stream()
                .filter(RateLimitDecision.Admitted.class::isInstance)
                .map(RateLimitDecision.Admitted.class::cast)
                .toList();
    }
}
