package io.keygate.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Fixed, epoch-aligned windows counted in this JVM.
 *
 * <p>Exactness: every decision for a bucket runs inside {@code asMap().compute(bucket, ...)}, which holds the
 * cache entry's lock, so the check of all windows and the increment of all windows are one atomic step per
 * bucket and an entry can never be evicted between them. No window therefore admits more than its limit,
 * whatever the number of threads, and a rejected request changes nothing.
 *
 * <p>Memory: a bucket expires as soon as its longest window has ended (by then it holds no information), and
 * the number of buckets is capped ({@code maxBuckets}); buckets are keyed by key or organization id, which only
 * verified requests reach.
 */
public final class InProcessRateLimiter implements RateLimiter {

    public static final long DEFAULT_MAX_BUCKETS = 1_000_000;

    private final Clock clock;
    private final Cache<String, Bucket> buckets;

    public InProcessRateLimiter(Clock clock) {
        this(clock, DEFAULT_MAX_BUCKETS);
    }

    public InProcessRateLimiter(Clock clock, long maxBuckets) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException(maxBuckets + " is wrong value for maxBuckets, because it must be at least 1");
        }
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Bucket>() {
                    @Override
                    public long expireAfterCreate(String key, Bucket value, long currentTime) {
                        return value.nanosUntilAllWindowsEnd(currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Bucket value, long currentTime, long currentDuration) {
                        return value.nanosUntilAllWindowsEnd(currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Bucket value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public RateLimitDecision tryAcquire(String bucket, List<Limit> limits) {
        if (limits.isEmpty()) {
            return RateLimitDecision.admitted(null);
        }
        long nowMillis = clock.millis();
        RateLimitDecision[] out = new RateLimitDecision[1];
        buckets.asMap().compute(bucket, (k, existing) -> {
            Bucket b = existing != null ? existing : new Bucket();
            out[0] = b.tryAcquire(limits, nowMillis);
            return b;
        });
        return out[0];
    }

    /** Number of live buckets (for tests and metrics). */
    public long bucketCount() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    @Override
    public void close() {
        buckets.invalidateAll();
    }

    /** Counters of one bucket; only touched under the cache entry's lock (see the class comment). */
    static final class Bucket {
        private long[] windowSeconds = new long[0];
        private long[] windowStart = new long[0];
        private long[] count = new long[0];

        RateLimitDecision tryAcquire(List<Limit> limits, long nowMillis) {
            long nowSecond = Math.floorDiv(nowMillis, 1000);
            int n = limits.size();
            int[] slot = new int[n];
            long[] current = new long[n];
            long retryAfterMillis = 0;
            boolean rejected = false;
            for (int i = 0; i < n; i++) {
                Limit l = limits.get(i);
                slot[i] = slotFor(l.windowSeconds());
                long start = WindowState.windowStart(nowSecond, l.windowSeconds());
                if (windowStart[slot[i]] != start) {
                    windowStart[slot[i]] = start;
                    count[slot[i]] = 0;
                }
                current[i] = count[slot[i]];
                if (current[i] >= l.limit()) {
                    rejected = true;
                    retryAfterMillis = Math.max(retryAfterMillis, (start + l.windowSeconds()) * 1000 - nowMillis);
                }
            }
            if (rejected) {
                return RateLimitDecision.rejected(WindowState.mostConstrained(limits, current, nowSecond),
                        ceilSeconds(retryAfterMillis));
            }
            // two limits with the same window share one counter: count the request once per slot
            for (int i = 0; i < n; i++) {
                if (firstUse(slot, i)) {
                    count[slot[i]]++;
                }
            }
            for (int i = 0; i < n; i++) {
                current[i] = count[slot[i]];
            }
            return RateLimitDecision.admitted(WindowState.mostConstrained(limits, current, nowSecond));
        }

        private static boolean firstUse(int[] slot, int i) {
            for (int j = 0; j < i; j++) {
                if (slot[j] == slot[i]) {
                    return false;
                }
            }
            return true;
        }

        private int slotFor(long seconds) {
            for (int i = 0; i < windowSeconds.length; i++) {
                if (windowSeconds[i] == seconds) {
                    return i;
                }
            }
            int i = windowSeconds.length;
            windowSeconds = java.util.Arrays.copyOf(windowSeconds, i + 1);
            windowStart = java.util.Arrays.copyOf(windowStart, i + 1);
            count = java.util.Arrays.copyOf(count, i + 1);
            windowSeconds[i] = seconds;
            windowStart[i] = Long.MIN_VALUE;
            return i;
        }

        long nanosUntilAllWindowsEnd(long nowNanos) {
            long endMillis = 0;
            for (int i = 0; i < windowSeconds.length; i++) {
                endMillis = Math.max(endMillis, (windowStart[i] + windowSeconds[i]) * 1000);
            }
            return Math.max(0, endMillis * 1_000_000L - nowNanos);
        }
    }

    static long ceilSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
