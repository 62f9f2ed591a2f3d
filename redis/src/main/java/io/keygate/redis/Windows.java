package io.keygate.redis;

import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;

import java.util.Arrays;
import java.util.List;

/**
 * The Redis keys and script arguments of one request: one key per distinct window length (two limits with the same
 * window share one counter and are checked against the smaller limit), and the decision built from the counts by
 * the arithmetic every limiter shares ({@link io.keygate.limit.Windows}), as {@link InProcessRateLimiter} builds it.
 *
 * <p>Keys: {@code <prefix>{<bucket>}:<W>:<windowStart>}. The braces are a Redis Cluster hash tag: all windows of a
 * bucket live in one slot, as a multi-key script requires.
 */
final class Windows {

    private final List<Limit> limits;
    private final int[] keyOfLimit;
    private final String[] keys;
    private final String[] limitArgs;
    private final long endMillis;

    private Windows(List<Limit> limits, int[] keyOfLimit, String[] keys, String[] limitArgs, long endMillis) {
        this.limits = limits;
        this.keyOfLimit = keyOfLimit;
        this.keys = keys;
        this.limitArgs = limitArgs;
        this.endMillis = endMillis;
    }

    static Windows of(String prefix, String bucket, List<Limit> limits, long nowMillis) {
        long nowSecond = Math.floorDiv(nowMillis, 1000);
        int n = limits.size();
        int[] keyOfLimit = new int[n];
        long[] seconds = new long[n];
        long[] smallestLimit = new long[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            Limit l = limits.get(i);
            int k = 0;
            while (k < distinct && seconds[k] != l.windowSeconds()) {
                k++;
            }
            if (k == distinct) {
                seconds[k] = l.windowSeconds();
                smallestLimit[k] = l.limit();
                distinct++;
            } else {
                smallestLimit[k] = Math.min(smallestLimit[k], l.limit());
            }
            keyOfLimit[i] = k;
        }
        String[] keys = new String[distinct];
        String[] args = new String[2 * distinct];
        String tagged = prefix + "{" + bucket + "}:";
        long firstEnd = Long.MAX_VALUE;
        for (int k = 0; k < distinct; k++) {
            long start = io.keygate.limit.Windows.start(nowSecond, seconds[k]);
            long end = (start + seconds[k]) * 1000;
            firstEnd = Math.min(firstEnd, end);
            keys[k] = tagged + seconds[k] + ":" + start;
            args[2 * k] = Long.toString(smallestLimit[k]);
            args[2 * k + 1] = Long.toString(end - nowMillis + RedisRateLimiter.EXPIRY_GRACE_MILLIS);
        }
        return new Windows(limits, keyOfLimit, keys, args, firstEnd);
    }

    List<Limit> limits() {
        return limits;
    }

    String[] keys() {
        return keys;
    }

    /** The script's arguments: limit and expiry per key, then how many requests to take at most. */
    String[] args(long wanted) {
        String[] out = Arrays.copyOf(limitArgs, limitArgs.length + 1);
        out[limitArgs.length] = Long.toString(wanted);
        return out;
    }

    /** When the first of these windows ends (epoch millis): a reservation is valid only before it. */
    long endMillis() {
        return endMillis;
    }

    /** Same counters and same limits: a reservation taken for {@code other} serves this request too. */
    boolean sameAs(Windows other) {
        return this == other || (Arrays.equals(keys, other.keys) && limits.equals(other.limits));
    }

    /** The counts per key from a script result {@code [granted, count per key...]}. */
    static long[] counts(List<Long> result) {
        long[] counts = new long[result.size() - 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = result.get(i + 1);
        }
        return counts;
    }

    /**
     * @param countPerKey admitted so far per key (for an admitted request: including it)
     */
    RateLimitDecision decide(boolean admitted, long[] countPerKey, long nowMillis) {
        long[] counts = new long[limits.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = countPerKey[keyOfLimit[i]];
        }
        return io.keygate.limit.Windows.decide(limits, counts, admitted, nowMillis);
    }
}
