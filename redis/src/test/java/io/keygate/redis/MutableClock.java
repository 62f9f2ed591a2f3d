package io.keygate.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that tests move by hand; thread-safe. */
final class MutableClock extends Clock {

    private final AtomicLong millis;

    MutableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** A clock at {@code offsetMillis} into a fresh window of {@code windowSeconds} (well after now). */
    static MutableClock atWindowOffset(long windowSeconds, long offsetMillis) {
        long second = Instant.now().getEpochSecond() + 10 * windowSeconds;
        long start = Math.floorDiv(second, windowSeconds) * windowSeconds;
        return new MutableClock(Instant.ofEpochMilli(start * 1000 + offsetMillis));
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    void set(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
