package io.keygate.limit;

import java.util.List;

/**
 * The arithmetic of fixed, epoch-aligned windows, in one place for every {@link RateLimiter} (in-process, Redis)
 * and the failed-authentication limit, so that they agree to the millisecond on where a window starts and ends,
 * what a decision reports and when a retry succeeds.
 */
public final class Windows {

    private Windows() {
    }

    /** Start (Unix seconds) of the window containing {@code epochSecond}: a multiple of W since the epoch. */
    public static long start(long epochSecond, long windowSeconds) {
        return Math.floorDiv(epochSecond, windowSeconds) * windowSeconds;
    }

    /** End (Unix milliseconds, exclusive) of the window of {@code windowSeconds} that contains {@code nowMillis}. */
    public static long endMillis(long nowMillis, long windowSeconds) {
        return (start(Math.floorDiv(nowMillis, 1000), windowSeconds) + windowSeconds) * 1000;
    }

    /** A wait in whole seconds, rounded up and at least 1 ({@code Retry-After} never says 0). */
    public static long ceilSeconds(long millis) {
        return Math.max(1, Math.floorDiv(millis + 999, 1000));
    }

    /**
     * The decision a limiter reports for {@code limits} after it checked (and, when admitted, counted) them.
     *
     * @param counts   the admitted count of each limit's window, same order as {@code limits}: after counting when
     *                 admitted, untouched when rejected
     * @param admitted whether every window had room
     * @return admitted with the most constrained window, or rejected with it and the wait until every exhausted
     *         window has ended
     */
    public static RateLimitDecision decide(List<Limit> limits, long[] counts, boolean admitted, long nowMillis) {
        WindowState window = WindowState.mostConstrained(limits, counts, Math.floorDiv(nowMillis, 1000));
        if (admitted) {
            return RateLimitDecision.admitted(window);
        }
        long retryAfterMillis = 0;
        for (int i = 0; i < counts.length; i++) {
            Limit l = limits.get(i);
            if (counts[i] >= l.limit()) {
                retryAfterMillis = Math.max(retryAfterMillis, endMillis(nowMillis, l.windowSeconds()) - nowMillis);
            }
        }
        return RateLimitDecision.rejected(window, ceilSeconds(retryAfterMillis));
    }
}
