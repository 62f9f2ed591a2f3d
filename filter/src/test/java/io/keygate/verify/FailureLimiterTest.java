package io.keygate.verify;

import io.keygate.limit.Limit;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimiterTest {

    /** A multiple of 60: the failure windows start at BASE, BASE + 60, ... */
    private static final long BASE = 1_800_000_000L;
    private static final String ADDRESS = "203.0.113.7";

    private final MutableClock clock = MutableClock.at(Instant.ofEpochSecond(BASE + 17, 250_000_000));
    private final FailureLimiter limiter = new FailureLimiter(new Limit(3, 60), 1000, clock);

    @Test
    void retryAfterSecondsWhenFewerFailuresThanLimitThenNotBlocked() {
        limiter.recordFailure(ADDRESS);
        limiter.recordFailure(ADDRESS);

        assertThat(limiter.retryAfterSeconds(ADDRESS)).isZero();
    }

    @Test
    void retryAfterSecondsWhenLimitReachedThenBlockedUntilWindowEndInWholeSeconds() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure(ADDRESS);
        }

        // 42.75 s left until BASE + 60, rounded up
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isEqualTo(43);
        clock.set(Instant.ofEpochSecond(BASE + 59, 999_000_000));
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isEqualTo(1);
    }

    @Test
    void retryAfterSecondsWhenOneAddressBlockedThenOtherAddressesUnaffected() {
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure(ADDRESS);
        }
        limiter.recordFailure("198.51.100.1");

        assertThat(limiter.retryAfterSeconds(ADDRESS)).isPositive();
        assertThat(limiter.retryAfterSeconds("198.51.100.1")).isZero();
        assertThat(limiter.retryAfterSeconds("2001:db8::1")).isZero();
    }

    @Test
    void retryAfterSecondsWhenNewWindowStartsThenUnblockedAndCountingStartsOver() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure(ADDRESS);
        }
        clock.set(Instant.ofEpochSecond(BASE + 43, 250_000_000));
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isEqualTo(17);

        // exactly after the announced retry-after the address may try again
        clock.set(Instant.ofEpochSecond(BASE + 60, 250_000_000));
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isZero();
        limiter.recordFailure(ADDRESS);
        limiter.recordFailure(ADDRESS);
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isZero();
        limiter.recordFailure(ADDRESS);
        assertThat(limiter.retryAfterSeconds(ADDRESS)).isEqualTo(60);
    }

    @Test
    void recordFailureWhen10000DistinctAddressesThenTrackedClientsBounded() {
        FailureLimiter bounded = new FailureLimiter(new Limit(3, 60), 100, clock);

        for (int i = 0; i < 10_000; i++) {
            bounded.recordFailure("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(bounded.trackedClients()).isLessThanOrEqualTo(100).isPositive();
    }

    @Test
    void trackedClientsWhenWindowLongOverThenEntriesExpire() {
        limiter.recordFailure(ADDRESS);
        limiter.recordFailure("198.51.100.1");
        assertThat(limiter.trackedClients()).isEqualTo(2);

        // entries live one window after their last failure (plus the timer wheel's ~1 s resolution)
        clock.advance(Duration.ofSeconds(62));
        assertThat(limiter.trackedClients()).isZero();
    }

    @Test
    void recordFailureWhenManyThreadsFailAtOnceThenEveryFailureCounted() throws Exception {
        int threads = 32;
        FailureLimiter exact = new FailureLimiter(new Limit(threads, 60), 1000, clock);
        FailureLimiter oneMore = new FailureLimiter(new Limit(threads + 1, 60), 1000, clock);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    exact.recordFailure(ADDRESS);
                    oneMore.recordFailure(ADDRESS);
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(errors).isEmpty();
        assertThat(exact.retryAfterSeconds(ADDRESS)).isPositive();
        assertThat(oneMore.retryAfterSeconds(ADDRESS)).isZero();
    }
}
