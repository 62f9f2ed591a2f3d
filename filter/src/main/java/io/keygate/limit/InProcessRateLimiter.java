package io.keygate.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Fixed, epoch-aligned windows counted in this JVM.
 *
 * <p>Exactness: every check-and-count of a bucket happens under that bucket's lock, and never on a bucket that
 * has left the map:
 * <ul>
 *   <li>fast path: {@code getIfPresentQuietly} (lock-free), then {@code synchronized (bucket)}; a bucket the cache has
 *       dropped is marked retired by the eviction listener, which Caffeine runs atomically with the removal and
 *       which takes the bucket's lock, so a caller holding the lock either finished before the removal or sees
 *       the mark;</li>
 *   <li>slow path (no bucket, retired bucket, or one whose expiry must grow): {@code asMap().compute}, holding
 *       the map entry's lock, then the bucket's (always in that order, so no deadlock).</li>
 * </ul>
 * No window therefore admits more than its limit, whatever the number of threads, and a rejected request changes
 * nothing.
 *
 * <p>Memory: a bucket's expiry is fixed when it is made, at the end of its longest window (windows are
 * epoch-aligned, so afterwards a fresh bucket is exactly right), and the number of buckets is capped
 * ({@code maxBuckets}; a bucket dropped for size loses its counts). Buckets are keyed by key or organization id,
 * which only verified requests reach. Requests do not rewrite the expiry, which keeps the hot path cheap.
 *
 * <p>Eviction for size sees a bucket's use at most once a second ({@link #ACCESS_RECORD_INTERVAL_MILLIS}): the
 * fast path reads quietly and records the access only when the last recorded one is older. A recorded read costs
 * a slot in Caffeine's read buffer and, every few reads, draining it into the eviction policy; for a busy key that
 * was most of the limiter's cost under load, and which of a million buckets is least recently used does not need
 * finer than a second.
 */
public final class InProcessRateLimiter implements RateLimiter {

    public static final long DEFAULT_MAX_BUCKETS = 1_000_000;
    /** How often a busy bucket's use is reported to the eviction policy (see the class comment). */
    static final long ACCESS_RECORD_INTERVAL_MILLIS = 1_000;

    private final Clock clock;
    private final Cache<String, Bucket> buckets;
    private final Policy<String, Bucket> policy;

    public InProcessRateLimiter(Clock clock) {
        this(clock, DEFAULT_MAX_BUCKETS);
    }

    public InProcessRateLimiter(Clock clock, long maxBuckets) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        if (maxBuckets < 1) {
            throw new IllegalArgumentException(maxBuckets + " is wrong value for maxBuckets, because it must be at least 1");
        }
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        // maintenance (draining the read buffer every few reads of a bucket, eviction) runs on the request thread
        // that triggers it instead of as a task for ForkJoinPool.commonPool: under load that hand-off woke a pool
        // thread thousands of times a second (measured: ~3% of a server's CPU, see bench/FINDINGS.md)
        this.buckets = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(maxBuckets)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Bucket>() {
                    @Override
                    public long expireAfterCreate(String key, Bucket value, long currentTime) {
                        return Math.max(0, value.expiresAtMillis * 1_000_000L - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Bucket value, long currentTime, long currentDuration) {
                        return Math.max(0, value.expiresAtMillis * 1_000_000L - currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Bucket value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .evictionListener((String key, Bucket value, RemovalCause cause) -> {
                    if (value != null) {
                        value.retire();
                    }
                })
                .build();
        this.policy = buckets.policy();
    }

    @Override
    public RateLimitDecision tryAcquire(String bucket, List<Limit> limits) {
        if (limits.isEmpty()) {
            return RateLimitDecision.admitted(null);
        }
        long nowMillis = clock.millis();
        long endMillis = endOfLongestWindow(limits, nowMillis);
        Bucket existing = policy.getIfPresentQuietly(bucket);
        if (existing != null) {
            if (nowMillis - existing.accessRecordedAtMillis >= ACCESS_RECORD_INTERVAL_MILLIS) {
                existing.accessRecordedAtMillis = nowMillis;
                buckets.getIfPresent(bucket); // records the use for the eviction policy
            }
            RateLimitDecision decision = existing.tryAcquireIfCurrent(limits, nowMillis, endMillis);
            if (decision != null) {
                return decision;
            }
        }
        RateLimitDecision[] out = new RateLimitDecision[1];
        buckets.asMap().compute(bucket, (k, old) -> {
            Bucket current = old == null ? new Bucket(endMillis) : old.extendedTo(endMillis);
            out[0] = current.tryAcquireIfCurrent(limits, nowMillis, endMillis);
            return current;
        });
        return out[0];
    }

    private static long endOfLongestWindow(List<Limit> limits, long nowMillis) {
        long end = 0;
        for (int i = 0; i < limits.size(); i++) {
            end = Math.max(end, Windows.endMillis(nowMillis, limits.get(i).windowSeconds()));
        }
        return end;
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

    /** Counters of one bucket, guarded by the bucket's own lock (see the class comment). */
    static final class Bucket {
        final long expiresAtMillis;
        /** When this bucket's use was last reported to the eviction policy; racy on purpose, it is a hint. */
        volatile long accessRecordedAtMillis = Long.MIN_VALUE / 2;
        private long[] windowSeconds = new long[0];
        private long[] windowStart = new long[0];
        private long[] count = new long[0];
        private boolean retired;

        Bucket(long expiresAtMillis) {
            this.expiresAtMillis = expiresAtMillis;
        }

        synchronized void retire() {
            retired = true;
        }

        /**
         * This bucket if it lives long enough for {@code endMillis}; otherwise a copy that does, and this one is
         * retired. Called under the map entry's lock.
         */
        synchronized Bucket extendedTo(long endMillis) {
            if (!retired && endMillis <= expiresAtMillis) {
                return this;
            }
            Bucket copy = new Bucket(Math.max(endMillis, expiresAtMillis));
            if (!retired) {
                copy.windowSeconds = windowSeconds.clone();
                copy.windowStart = windowStart.clone();
                copy.count = count.clone();
            }
            retired = true;
            return copy;
        }

        /** The decision, or null when this bucket may not be used (retired, or it would expire too early). */
        synchronized RateLimitDecision tryAcquireIfCurrent(List<Limit> limits, long nowMillis, long endMillis) {
            if (retired || endMillis > expiresAtMillis) {
                return null;
            }
            long nowSecond = Math.floorDiv(nowMillis, 1000);
            if (slotsMatch(limits)) {
                return tryAcquireInPlace(limits, nowMillis, nowSecond);
            }
            int n = limits.size();
            int[] slot = new int[n];
            long[] current = new long[n];
            boolean rejected = false;
            for (int i = 0; i < n; i++) {
                Limit l = limits.get(i);
                slot[i] = slotFor(l.windowSeconds());
                long start = Windows.start(nowSecond, l.windowSeconds());
                if (windowStart[slot[i]] != start) {
                    windowStart[slot[i]] = start;
                    count[slot[i]] = 0;
                }
                current[i] = count[slot[i]];
                rejected |= current[i] >= l.limit();
            }
            if (!rejected) {
                // two limits with the same window share one counter: count the request once per slot
                for (int i = 0; i < n; i++) {
                    if (firstUse(slot, i)) {
                        count[slot[i]]++;
                    }
                }
                for (int i = 0; i < n; i++) {
                    current[i] = count[slot[i]];
                }
            }
            return Windows.decide(limits, current, !rejected, nowMillis);
        }

        /**
         * Whether slot i counts limit i's window for every i: the usual case (a bucket sees the same plan on every
         * request, its limits sorted by window, no two with the same window), where the counters can be checked and
         * counted in place, with no per-request arrays.
         */
        private boolean slotsMatch(List<Limit> limits) {
            int n = limits.size();
            if (n != windowSeconds.length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (windowSeconds[i] != limits.get(i).windowSeconds()) {
                    return false;
                }
            }
            return true;
        }

        /** {@link #tryAcquireIfCurrent} when {@link #slotsMatch}: the same decision, counted in place. */
        private RateLimitDecision tryAcquireInPlace(List<Limit> limits, long nowMillis, long nowSecond) {
            int n = limits.size();
            boolean rejected = false;
            for (int i = 0; i < n; i++) {
                Limit l = limits.get(i);
                long start = Windows.start(nowSecond, l.windowSeconds());
                if (windowStart[i] != start) {
                    windowStart[i] = start;
                    count[i] = 0;
                }
                rejected |= count[i] >= l.limit();
            }
            if (!rejected) {
                for (int i = 0; i < n; i++) {
                    count[i]++;
                }
            }
            // decide only reads the counts, under this bucket's lock
            return Windows.decide(limits, count, !rejected, nowMillis);
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
            windowSeconds = Arrays.copyOf(windowSeconds, i + 1);
            windowStart = Arrays.copyOf(windowStart, i + 1);
            count = Arrays.copyOf(count, i + 1);
            windowSeconds[i] = seconds;
            windowStart[i] = Long.MIN_VALUE;
            return i;
        }
    }
}
