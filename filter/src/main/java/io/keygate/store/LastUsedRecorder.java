package io.keygate.store;

import io.keygate.metrics.AuthMetrics;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Write-behind for {@code last_used_at}. {@link #touch} only puts into a bounded map (never blocks a request,
 * never does I/O); a single daemon thread flushes every interval with one {@link ApiKeyStore#recordLastUsed}
 * call for all keys used since the last flush, so each key is written at most once per interval whatever the
 * request rate.
 *
 * <p>A stalled store cannot grow memory: at most {@code maxPending} keys wait (further new keys are dropped and
 * counted; keys already waiting keep being updated). A flush that fails puts its entries back (within the
 * bound) for the next round; a flush that hangs is abandoned after the interval so the schedule keeps going.
 */
public final class LastUsedRecorder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LastUsedRecorder.class.getName());

    private final ApiKeyStore store;
    private final Clock clock;
    private final AuthMetrics metrics;
    private final int maxPending;
    private final Duration interval;
    private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService writer;
    /** The last flush handed to the writer; only read and written by the timer thread. */
    private Future<Integer> inFlight;

    public LastUsedRecorder(ApiKeyStore store, Clock clock, AuthMetrics metrics, Duration interval, int maxPending) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.interval = Objects.requireNonNull(interval, "interval cannot be null");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException(interval
                    + " is wrong value for interval, because it must be at least 1 millisecond");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException(maxPending + " is wrong value for maxPending, because it must be at least 1");
        }
        this.maxPending = maxPending;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("keygate-lastused-timer"));
        this.writer = Executors.newSingleThreadExecutor(daemon("keygate-lastused-writer"));
        metrics.bindLastUsedPending(pending::size);
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Notes a use of the key now. Constant time, no I/O. */
    public void touch(String keyId) {
        Instant now = clock.instant();
        if (pending.size() >= maxPending && !pending.containsKey(keyId)) {
            metrics.lastUsedDropped();
            return;
        }
        pending.put(keyId, now);
    }

    public int pending() {
        return pending.size();
    }

    /** Writes everything pending now, on the caller's thread. Returns the number of keys written. */
    public int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            store.recordLastUsed(batch);
            metrics.lastUsedWritten(batch.size());
            return batch.size();
        } catch (RuntimeException e) {
            // keep the newest value of each key for the next round, within the bound
            batch.forEach((id, at) -> {
                if (pending.size() < maxPending) {
                    pending.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
                }
            });
            throw e;
        }
    }

    private void flushQuietly() {
        // while a hung write still occupies the writer, queueing another flush behind it would only grow the
        // writer's queue by one task per interval; its keys stay pending and go with the next round instead
        if (inFlight != null && !inFlight.isDone()) {
            LOG.log(Level.WARNING, "last-used flush still running after " + interval + "; skipping this round");
            return;
        }
        Future<Integer> f = writer.submit(this::flush);
        inFlight = f;
        try {
            f.get(Math.max(1000, interval.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "last-used flush did not finish in " + interval + "; retrying next round");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "last-used flush failed, will retry: " + e.getCause());
        }
    }

    /** Stops the schedule, makes one last bounded attempt to write what is pending, and ends both threads. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            writer.submit(this::flush).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "final last-used flush failed: " + e);
        }
        writer.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
