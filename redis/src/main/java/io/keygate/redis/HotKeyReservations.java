package io.keygate.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.keygate.limit.RateLimitDecision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hot-key mode: instead of one round trip per request, a node reserves up to {@code hot-key-batch} requests of
 * a bucket's windows in one round trip and admits from that reservation locally.
 *
 * <p><b>Why no window admits more than N, across all nodes, under any concurrency.</b> The reservation is made by
 * the same script as a single request ({@code rate-limit.lua}): it grants {@code g = min(batch, room left in every
 * window)} and adds {@code g} to <em>every</em> window of the plan, atomically. So each Redis counter is at all times
 * the sum of what all nodes were granted minus what they gave back, and it never exceeds N. A node admits a request
 * only by taking one unit of its own grant (a compare-and-set decrement that never goes below zero), and gives back
 * only units it has not taken (it swaps the remainder to a "retired" mark, after which no take succeeds). So what the
 * nodes admit together is at most what Redis granted, which is at most N. A multi-window plan (100/h + 10,000/day)
 * stays exact because a reservation holds units of all its windows at once: it is valid only while every one of
 * those windows is current, and when the shortest ends the remainder is given back to all of them.
 *
 * <p><b>What it costs.</b> Units reserved by one node and not used yet count as used for every other node. Near
 * the end of a window's quota, a request can be refused while other nodes still hold unused units: at most
 * {@code nodes × (batch - 1)} such units per window. They come back when their node gives them back: after
 * {@code hot-key-idle-ms} without a request for the bucket, when a window of the reservation ends, when the plan's
 * limits change, when the node shuts down, or, if the node dies, when the windows end. After Redis refuses a
 * bucket, the node refuses it locally for up to {@link #EXHAUSTED_RECHECK} (or until a window ends) before asking
 * again, so an over-limit hot key does not cost a round trip per refused request either.
 *
 * <p><b>Rate-limit headers</b> in this mode count the units other nodes hold (as of this node's last round trip) as
 * used: {@code Remaining} is never more than the truth, and may be less by what other nodes hold.
 *
 * <p>Memory: one small entry per bucket with a reservation, at most {@code hot-key-max-buckets} (the least recently
 * used is given back and dropped first), each dropped {@code hot-key-idle-ms} after its last request.
 */
final class HotKeyReservations {

    /** After Redis refused a bucket, the node refuses it locally for this long before asking Redis again. */
    static final Duration EXHAUSTED_RECHECK = Duration.ofMillis(100);

    private final RedisRateLimiter redis;
    private final RedisMetrics metrics;
    private final long batch;
    private final long timeoutNanos;
    private final Cache<String, Slot> slots;

    HotKeyReservations(RedisRateLimiter redis, RedisSettings settings, RedisMetrics metrics,
                       ScheduledExecutorService executor) {
        this.redis = redis;
        this.metrics = metrics;
        this.batch = settings.hotKeyBatch();
        this.timeoutNanos = settings.commandTimeout().toNanos();
        // idle expiry on real time: giving back is about other nodes waiting now, not about the window clock
        this.slots = Caffeine.newBuilder()
                .maximumSize(settings.hotKeyMaxBuckets())
                .expireAfterAccess(settings.hotKeyIdle())
                .executor(executor)
                .scheduler(Scheduler.forScheduledExecutorService(executor))
                .removalListener((String bucket, Slot slot, RemovalCause cause) -> {
                    if (slot != null) {
                        slot.retire();
                    }
                })
                .build();
    }

    RateLimitDecision tryAcquire(String bucket, Windows windows, long nowMillis) {
        long deadline = System.nanoTime() + timeoutNanos;
        Slot slot = slots.get(bucket, b -> new Slot());
        RateLimitDecision local = slot.local(windows, nowMillis);
        if (local != null) {
            return local;
        }
        CompletableFuture<Void> shared = slot.inFlight;
        if (shared != null) {
            // another request of this node is reserving for this bucket right now: wait for it (single flight)
            if (!await(shared, deadline)) {
                return redis.outage(bucket, windows.limits());
            }
            local = slot.local(windows, nowMillis);
            if (local != null) {
                return local;
            }
        }
        return reserve(slot, bucket, windows, nowMillis, deadline);
    }

    private RateLimitDecision reserve(Slot slot, String bucket, Windows windows, long nowMillis, long deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean leader = slot.claim(done);
        try {
            List<Long> result = redis.reserve(windows, batch, deadline);
            if (result == null) {
                return redis.outage(bucket, windows.limits());
            }
            long granted = result.get(0);
            long[] counts = Windows.counts(result);
            if (granted <= 0) {
                slot.exhausted = new Exhausted(windows, counts, System.nanoTime() + EXHAUSTED_RECHECK.toNanos());
                return windows.decide(false, counts, nowMillis);
            }
            // one unit is this request's; the rest serves the next requests of this node
            long left = slot.install(windows, granted - 1, counts);
            return windows.decide(true, Reservation.estimate(counts, left), nowMillis);
        } finally {
            if (leader) {
                slot.release(done);
            }
            done.complete(null);
        }
    }

    private static boolean await(CompletableFuture<Void> f, long deadline) {
        try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    long unused() {
        long sum = 0;
        for (Slot s : slots.asMap().values()) {
            Reservation r = s.current;
            if (r != null) {
                sum += Math.max(0, r.left.get());
            }
        }
        return sum;
    }

    void giveBackAll(Duration wait) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Slot s : slots.asMap().values()) {
            pending.add(s.drainCurrent());
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // not given back in time: the units stay counted until their windows end (never more than N)
        }
    }

    void close(Duration wait) {
        giveBackAll(wait);
        slots.asMap().values().forEach(Slot::retire);
        slots.invalidateAll();
    }

    /** A refusal from Redis, remembered for {@link #EXHAUSTED_RECHECK}. */
    private record Exhausted(Windows windows, long[] counts, long untilNanos) {
    }

    /** The units of one bucket this node holds, with its windows and the counts Redis gave with the last grant. */
    static final class Reservation {
        static final long RETIRED = -1;

        final Windows windows;
        final AtomicLong left;
        volatile long[] counts;

        Reservation(Windows windows, long left, long[] counts) {
            this.windows = windows;
            this.left = new AtomicLong(left);
            this.counts = counts;
        }

        /** @return the units left after taking one, or -1 if none was left (or the reservation is retired) */
        long take() {
            while (true) {
                long v = left.get();
                if (v <= 0) {
                    return -1;
                }
                if (left.compareAndSet(v, v - 1)) {
                    return v - 1;
                }
            }
        }

        /** Adds units of a new grant, unless retired. */
        boolean add(long units) {
            while (true) {
                long v = left.get();
                if (v < 0) {
                    return false;
                }
                if (left.compareAndSet(v, v + units)) {
                    return true;
                }
            }
        }

        /** Retires the reservation; returns the units nobody took (to give back). */
        long drain() {
            return Math.max(0, left.getAndSet(RETIRED));
        }

        /** Admitted so far per key, as far as this node knows: Redis's counts minus the units it still holds. */
        static long[] estimate(long[] counts, long left) {
            long[] out = counts.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0, out[i] - Math.max(0, left));
            }
            return out;
        }
    }

    /** One bucket on this node: its reservation, a remembered refusal, and the reservation in flight. */
    final class Slot {
        volatile Reservation current;
        volatile Exhausted exhausted;
        volatile CompletableFuture<Void> inFlight;
        private boolean retired;

        /** A decision without Redis, or null when Redis must be asked. */
        RateLimitDecision local(Windows windows, long nowMillis) {
            for (int attempt = 0; attempt < 3; attempt++) {
                Reservation r = current;
                if (r == null) {
                    break;
                }
                if (!r.windows.sameAs(windows) || nowMillis >= r.windows.endMillis()) {
                    retire(r);
                    break;
                }
                long left = r.take();
                if (left >= 0) {
                    metrics.hotKeyLocal.increment();
                    return windows.decide(true, Reservation.estimate(r.counts, left), nowMillis);
                }
                if (current == r) {
                    break;
                }
            }
            Exhausted ex = exhausted;
            if (ex != null && ex.windows.sameAs(windows) && System.nanoTime() - ex.untilNanos < 0) {
                metrics.hotKeyLocal.increment();
                return windows.decide(false, ex.counts, nowMillis);
            }
            return null;
        }

        boolean claim(CompletableFuture<Void> done) {
            synchronized (this) {
                if (inFlight == null) {
                    inFlight = done;
                    return true;
                }
                return false;
            }
        }

        void release(CompletableFuture<Void> done) {
            synchronized (this) {
                if (inFlight == done) {
                    inFlight = null;
                }
            }
        }

        /** Adds a grant's units to the current reservation (or replaces it); returns the units now held. */
        long install(Windows windows, long units, long[] counts) {
            Reservation old = null;
            long held;
            synchronized (this) {
                exhausted = null;
                if (retired) {
                    redis.giveBack(windows.keys(), units);
                    return 0;
                }
                Reservation r = current;
                if (r != null && r.windows.sameAs(windows) && r.add(units)) {
                    r.counts = counts;
                    held = Math.max(0, r.left.get());
                } else {
                    old = r;
                    current = new Reservation(windows, units, counts);
                    held = units;
                }
            }
            if (old != null) {
                redis.giveBack(old.windows.keys(), old.drain());
            }
            return held;
        }

        /** A reservation whose windows ended (or whose limits changed): give back what is left. */
        void retire(Reservation r) {
            synchronized (this) {
                if (current == r) {
                    current = null;
                }
            }
            redis.giveBack(r.windows.keys(), r.drain());
        }

        CompletableFuture<?> drainCurrent() {
            Reservation r;
            synchronized (this) {
                r = current;
                current = null;
            }
            return r == null ? CompletableFuture.completedFuture(null) : redis.giveBack(r.windows.keys(), r.drain());
        }

        /** Dropped from the cache (idle, size, close): give back, and give back any grant that arrives later. */
        void retire() {
            synchronized (this) {
                retired = true;
            }
            drainCurrent();
        }
    }
}
