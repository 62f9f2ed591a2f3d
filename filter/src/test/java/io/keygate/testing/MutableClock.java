package io.keygate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand, so expiry, cache TTLs and rate-limit windows are tested without
 * sleeping. Thread-safe: the current instant is held in an {@link AtomicReference}, so a test thread may move
 * the clock while worker threads read it. Always UTC; {@link #withZone} returns a view sharing the same instant.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code instant} until moved. */
    public static MutableClock at(Instant instant) {
        Objects.requireNonNull(instant, "instant cannot be null");
        return new MutableClock(new AtomicReference<>(instant), ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, for a negative duration) and returns the new instant. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration cannot be null");
        return now.updateAndGet(current -> current.plus(duration));
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant cannot be null");
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        Objects.requireNonNull(newZone, "zone cannot be null");
        return new MutableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
