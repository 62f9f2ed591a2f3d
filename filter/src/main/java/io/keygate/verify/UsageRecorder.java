package io.keygate.verify;

import io.keygate.metrics.Meters;
import io.keygate.metrics.SharedMeters;
import io.keygate.store.UsageCount;
import io.keygate.store.UsageStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Write-behind of per-key daily usage (contract §7.6). {@link #record} is the request path's whole cost: for a key
 * already counted today, one map read and one compare-and-set on a counter; a new key is one insert into a bounded
 * map. A {@link WriteBehindSchedule} hands everything counted since the last flush to {@link UsageStore#add} in ONE
 * call per interval (one batched upsert for a database), never on a request thread.
 *
 * <p>Exactness: a flush takes each key's counters out of the map and seals them ({@link #SEALED}); a request that
 * still holds a sealed counter sees the seal and counts into a fresh entry instead, so every request is counted
 * exactly once, by whichever flush comes after it. At midnight (UTC) the first request of the new day replaces the
 * key's entry and the old day's entry waits in a queue for the next flush; a request that read the clock just before
 * midnight but counts just after may land on the new day (a race of microseconds, documented).
 *
 * <p>Bounded: at most {@code maxPending} keys wait; requests of further keys are dropped and counted in
 * {@value Meters#USAGE_DROPPED}. A failed flush puts its counts back (within the bound) for the next round.
 */
final class UsageRecorder implements AutoCloseable {

    static final int AUTHENTICATED = 0;
    static final int RATE_LIMITED = 1;
    static final int FORBIDDEN = 2;

    private static final System.Logger LOG = System.getLogger(UsageRecorder.class.getName());
    private static final long SEALED = Long.MIN_VALUE;
    private static final long DAY_MILLIS = 86_400_000L;

    private final UsageStore store;
    private final Clock clock;
    private final int maxPending;
    private final ConcurrentHashMap<String, Day> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Day> previousDays = new ConcurrentLinkedQueue<>();
    private final SharedMeters meters;
    private final Counter writes;
    private final Counter dropped;
    private final Timer flushes;
    private final WriteBehindSchedule schedule;

    UsageRecorder(UsageStore store, Clock clock, MeterRegistry registry, Duration interval, int maxPending,
                  WriteBehindSchedule.Ticks ticks) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        if (maxPending < 1) {
            throw new IllegalArgumentException(maxPending + " is wrong value for maxPending, because it must be at least 1");
        }
        this.maxPending = maxPending;
        this.meters = new SharedMeters(registry);
        this.writes = meters.hold(Counter.builder(Meters.USAGE_WRITES)
                .description("Per-key daily usage rows added to the store")
                .baseUnit("rows")
                .register(registry));
        this.dropped = meters.hold(Counter.builder(Meters.USAGE_DROPPED)
                .description("Requests not counted in per-key usage because the pending buffer was full")
                .baseUnit("requests")
                .register(registry));
        this.flushes = meters.hold(Timer.builder(Meters.USAGE_FLUSH)
                .description("Time of one usage flush (one batched write to the store)")
                .register(registry));
        meters.summedGauge(Meters.USAGE_PENDING, Tags.empty(), "Keys whose usage waits to be written", "keys",
                () -> pending.size() + previousDays.size());
        this.schedule = new WriteBehindSchedule("usage", "keygate-usage", interval, this::flush, ticks, LOG);
    }

    /** Counts one request of the key now. Constant time, no I/O. */
    void record(String keyId, int outcome) {
        record(keyId, outcome, clock.millis());
    }

    /** Counts one request of the key at {@code nowMillis}, the caller's reading of this recorder's clock. */
    void record(String keyId, int outcome, long nowMillis) {
        long day = Math.floorDiv(nowMillis, DAY_MILLIS);
        Day current = pending.get(keyId);
        if (current != null && current.epochDay >= day && current.add(outcome, 1)) {
            return;
        }
        if (current == null && pending.size() >= maxPending) {
            dropped.increment();
            return;
        }
        pending.compute(keyId, (k, now) -> {
            if (now != null && now.epochDay >= day && now.add(outcome, 1)) {
                return now;
            }
            if (now != null && now.epochDay < day) {
                previousDays.add(now); // yesterday's counts still go out with the next flush
            }
            Day fresh = new Day(keyId, day);
            fresh.add(outcome, 1);
            return fresh;
        });
    }

    int pending() {
        return pending.size() + previousDays.size();
    }

    /** Writes everything counted so far with one {@link UsageStore#add} call. Returns the number of rows. */
    int flush() {
        List<UsageCount> batch = new ArrayList<>();
        for (Day d; (d = previousDays.poll()) != null; ) {
            take(d, batch);
        }
        for (String id : pending.keySet()) {
            Day d = pending.remove(id);
            if (d != null) {
                take(d, batch);
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        try {
            store.add(batch);
            writes.increment(batch.size());
            return batch.size();
        } catch (RuntimeException e) {
            batch.forEach(this::putBack);
            throw e;
        } finally {
            flushes.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void take(Day d, List<UsageCount> batch) {
        long a = d.seal(AUTHENTICATED);
        long r = d.seal(RATE_LIMITED);
        long f = d.seal(FORBIDDEN);
        if (a + r + f > 0) {
            batch.add(new UsageCount(d.keyId, LocalDate.ofEpochDay(d.epochDay), a, r, f));
        }
    }

    /** After a failed flush: the counts wait for the next one, within the bound (else dropped and counted). */
    private void putBack(UsageCount c) {
        if (pending.size() + previousDays.size() >= maxPending && !pending.containsKey(c.keyId())) {
            dropped.increment(c.total());
            return;
        }
        Day d = new Day(c.keyId(), c.day().toEpochDay());
        d.add(AUTHENTICATED, c.authenticated());
        d.add(RATE_LIMITED, c.rateLimited());
        d.add(FORBIDDEN, c.forbidden());
        previousDays.add(d);
    }

    /** Stops the schedule, makes one last bounded flush, ends its threads, removes its meters. */
    @Override
    public void close() {
        schedule.close();
        meters.close();
    }

    /** One key's counts of one UTC day: three counters, each sealed by the flush that takes it. */
    private static final class Day {
        final String keyId;
        final long epochDay;
        final AtomicLongArray counts = new AtomicLongArray(3);

        Day(String keyId, long epochDay) {
            this.keyId = keyId;
            this.epochDay = epochDay;
        }

        /** Adds {@code n}; false when a flush sealed the counter (the caller counts into a fresh entry). */
        boolean add(int outcome, long n) {
            while (true) {
                long v = counts.get(outcome);
                if (v == SEALED) {
                    return false;
                }
                if (counts.compareAndSet(outcome, v, v + n)) {
                    return true;
                }
            }
        }

        long seal(int outcome) {
            long v = counts.getAndSet(outcome, SEALED);
            return v == SEALED ? 0 : v;
        }
    }
}
