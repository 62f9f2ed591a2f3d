package io.keygate.verify;

import io.keygate.store.ApiKeyStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write-behind for {@code last_used_at}. {@link #touch} never blocks and never does I/O: for a key already pending
 * it is one map read and, at most once per millisecond, one compare-and-set (no allocation, no map write, so a busy
 * key costs the request almost nothing); a new key is one insert into a bounded map. A {@link WriteBehindSchedule}
 * flushes every interval with one {@link ApiKeyStore#recordLastUsed} call for all keys used since the last flush,
 * so each key is written at most once per interval whatever the request rate.
 *
 * <p>Concurrency: a flush takes each entry out of the map and seals its time holder with {@link #SEALED}; a request
 * that still holds the sealed holder sees the seal and inserts a new one, so no use is lost between a flush's read
 * and its removal.
 *
 * <p>A stalled store cannot grow memory: at most {@code maxPending} keys wait (further new keys are dropped and
 * counted; keys already waiting keep being updated; concurrent inserts may pass the bound by the number of request
 * threads). A flush that fails puts its entries back (within the bound) for the next round.
 */
final class LastUsedRecorder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LastUsedRecorder.class.getName());
    private static final long SEALED = Long.MIN_VALUE;

    private final ApiKeyStore store;
    private final Clock clock;
    private final EngineMetrics metrics;
    private final int maxPending;
    private final ConcurrentHashMap<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final WriteBehindSchedule schedule;

    LastUsedRecorder(ApiKeyStore store, Clock clock, EngineMetrics metrics, Duration interval, int maxPending) {
        this(store, clock, metrics, interval, maxPending, WriteBehindSchedule.Ticks.timerThread("keygate-lastused"));
    }

    LastUsedRecorder(ApiKeyStore store, Clock clock, EngineMetrics metrics, Duration interval, int maxPending,
                     WriteBehindSchedule.Ticks ticks) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        if (maxPending < 1) {
            throw new IllegalArgumentException(maxPending + " is wrong value for maxPending, because it must be at least 1");
        }
        this.maxPending = maxPending;
        metrics.bindLastUsedPending(pending::size);
        this.schedule = new WriteBehindSchedule("last-used", "keygate-lastused", interval, this::flush, ticks, LOG);
    }

    /** Notes a use of the key now. Constant time, no I/O. */
    void touch(String keyId) {
        touch(keyId, clock.millis());
    }

    /** Notes a use of the key at {@code now}, the caller's reading of this recorder's clock. Constant time, no I/O. */
    void touch(String keyId, long now) {
        AtomicLong at = pending.get(keyId);
        if (at != null && advance(at, now)) {
            return;
        }
        if (at == null && pending.size() >= maxPending) {
            metrics.lastUsedDropped();
            return;
        }
        // new key, or its holder was sealed by a flush a moment ago: (re)insert, merging with a racing insert
        pending.compute(keyId, (k, current) -> {
            if (current == null || !advance(current, now)) {
                return new AtomicLong(now);
            }
            return current;
        });
    }

    /** Moves the holder forward to {@code now}; false if a flush sealed it. */
    private static boolean advance(AtomicLong at, long now) {
        while (true) {
            long v = at.get();
            if (v == SEALED) {
                return false;
            }
            if (v >= now || at.compareAndSet(v, now)) {
                return true;
            }
        }
    }

    int pending() {
        return pending.size();
    }

    /** Writes everything pending now, on the caller's thread. Returns the number of keys written. */
    int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String id : pending.keySet()) {
            AtomicLong at = pending.remove(id);
            if (at != null) {
                long millis = at.getAndSet(SEALED);
                if (millis != SEALED) {
                    batch.put(id, Instant.ofEpochMilli(millis));
                }
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            store.recordLastUsed(batch);
            metrics.lastUsedWritten(batch.size());
            return batch.size();
        } catch (RuntimeException e) {
            // keep the newest value of each key for the next round, within the bound
            batch.forEach((id, at) -> {
                if (pending.size() < maxPending || pending.containsKey(id)) {
                    pending.compute(id, (k, current) -> {
                        long millis = at.toEpochMilli();
                        if (current == null || !advance(current, millis)) {
                            return new AtomicLong(millis);
                        }
                        return current;
                    });
                }
            });
            throw e;
        }
    }

    /** Stops the schedule, makes one last bounded attempt to write what is pending, and ends its threads. */
    @Override
    public void close() {
        schedule.close();
    }
}
