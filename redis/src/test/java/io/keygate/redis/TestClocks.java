package io.keygate.redis;

import io.keygate.testing.MutableClock;

import java.time.Instant;

/** Clocks placed inside a window, so tests know how much of it is left. */
final class TestClocks {

    private TestClocks() {
    }

    /** A clock at {@code offsetMillis} into a fresh window of {@code windowSeconds} (well after now). */
    static MutableClock atWindowOffset(long windowSeconds, long offsetMillis) {
        long second = Instant.now().getEpochSecond() + 10 * windowSeconds;
        long start = Math.floorDiv(second, windowSeconds) * windowSeconds;
        return MutableClock.at(Instant.ofEpochMilli(start * 1000 + offsetMillis));
    }
}
