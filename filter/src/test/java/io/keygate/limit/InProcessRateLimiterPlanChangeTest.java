package io.keygate.limit;

import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bucket counts in place while it sees the same plan and through its general path when the plan changes; the
 * counts must be the same either way.
 */
class InProcessRateLimiterPlanChangeTest {

    private final MutableClock clock = MutableClock.at(Instant.ofEpochSecond(1_800_000_000L));
    private final InProcessRateLimiter limiter = new InProcessRateLimiter(clock);

    @AfterEach
    void close() {
        limiter.close();
    }

    private long remaining(List<Limit> limits) {
        RateLimitDecision d = limiter.tryAcquire("alternating", limits);
        return d instanceof RateLimitDecision.Admitted a ? a.window().remaining() : -1;
    }

    @Test
    void tryAcquireWhenPlansAlternateOnOneBucketThenSharedWindowCountsEveryRequestOnce() {
        List<Limit> minuteAndHour = List.of(new Limit(6, 60), new Limit(100, 3600));
        List<Limit> minuteOnly = List.of(new Limit(6, 60));
        List<Limit> hourThenMinute = List.of(new Limit(100, 3600), new Limit(6, 60));
        List<Long> remaining = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            remaining.add(remaining(minuteAndHour));
            remaining.add(remaining(minuteOnly));
            remaining.add(remaining(hourThenMinute));
        }

        // one minute counter for all three plans: 6 admitted, then rejected whatever the plan
        assertThat(remaining).containsExactly(5L, 4L, 3L, 2L, 1L, 0L, -1L, -1L, -1L);
    }
}
