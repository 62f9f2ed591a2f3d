package io.keygate.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.keygate.limit.Limit;
import io.keygate.limit.WindowState;

import java.util.List;

/**
 * NOT product code: a prototype of the in-process limiter fast path proposed in FINDINGS.md, for the before/after
 * pair in {@link ProposalBenchmark}. It decides admit/reject exactly like {@code InProcessRateLimiter} (every
 * window checked, then all incremented, under one lock per bucket) but reaches the bucket without
 * {@code compute}:
 * <ul>
 *   <li>{@code getIfPresent} (lock-free), then {@code synchronized (bucket)};</li>
 *   <li>a bucket's expiry is fixed at creation to the end of its longest window (windows are epoch-aligned, so a
 *       fresh bucket after that is exactly right) and never rewritten per request;</li>
 *   <li>when the cache drops a bucket, the eviction listener (run by Caffeine atomically with the removal) marks
 *       it retired under its lock; a caller that finds its bucket retired goes to the {@code compute} path, so no
 *       count is ever made on a bucket that is no longer in the map.</li>
 * </ul>
 * Returns the remaining count of the most constrained window, or -1 when rejected (enough for a benchmark).
 */
final class FastPathLimiterPrototype {

    static final class Bucket {
        final long[] windowStart;
        final long[] count;
        final long expiresAtNanos;
        boolean retired;

        Bucket(int windows, long expiresAtNanos) {
            windowStart = new long[windows];
            count = new long[windows];
            this.expiresAtNanos = expiresAtNanos;
        }

        /** Under this bucket's lock. */
        long tryAcquire(List<Limit> limits, long nowSecond) {
            long remaining = Long.MAX_VALUE;
            for (int i = 0; i < limits.size(); i++) {
                Limit l = limits.get(i);
                long start = WindowState.windowStart(nowSecond, l.windowSeconds());
                if (windowStart[i] != start) {
                    windowStart[i] = start;
                    count[i] = 0;
                }
                if (count[i] >= l.limit()) {
                    return -1;
                }
            }
            for (int i = 0; i < limits.size(); i++) {
                remaining = Math.min(remaining, limits.get(i).limit() - ++count[i]);
            }
            return remaining;
        }
    }

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfter(new Expiry<String, Bucket>() {
                @Override
                public long expireAfterCreate(String key, Bucket value, long currentTime) {
                    return Math.max(0, value.expiresAtNanos - currentTime);
                }

                @Override
                public long expireAfterUpdate(String key, Bucket value, long currentTime, long currentDuration) {
                    return currentDuration;
                }

                @Override
                public long expireAfterRead(String key, Bucket value, long currentTime, long currentDuration) {
                    return currentDuration;
                }
            })
            .evictionListener((String key, Bucket value, RemovalCause cause) -> {
                if (value != null) {
                    synchronized (value) {
                        value.retired = true;
                    }
                }
            })
            .build();

    long tryAcquire(String bucket, List<Limit> limits) {
        long nowMillis = System.currentTimeMillis();
        long nowSecond = nowMillis / 1000;
        Bucket b = buckets.getIfPresent(bucket);
        if (b != null) {
            synchronized (b) {
                if (!b.retired) {
                    return b.tryAcquire(limits, nowSecond);
                }
            }
        }
        // slow path: create (or replace a retired) bucket and decide under the map's entry lock, as today
        long[] out = new long[1];
        buckets.asMap().compute(bucket, (k, old) -> {
            Bucket current = old;
            if (current == null || current.retired) {
                long longest = limits.stream().mapToLong(Limit::windowSeconds).max().orElse(1);
                long endMillis = (WindowState.windowStart(nowSecond, longest) + longest) * 1000;
                current = new Bucket(limits.size(), System.nanoTime() + (endMillis - nowMillis) * 1_000_000L);
            }
            synchronized (current) {
                out[0] = current.tryAcquire(limits, nowSecond);
            }
            return current;
        });
        return out[0];
    }
}
