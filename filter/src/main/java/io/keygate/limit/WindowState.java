package io.keygate.limit;

import java.util.List;

/**
 * The state of one window after a decision: its limit, what remains ({@code limit - admitted}, never negative),
 * and the Unix time in seconds when it resets.
 */
public record WindowState(Limit limit, long remaining, long resetEpochSecond) {

    public WindowState {
        remaining = Math.max(0, remaining);
    }

    /** Start of the window containing {@code epochSecond}; see {@link Windows#start}. */
    public static long windowStart(long epochSecond, long windowSeconds) {
        return Windows.start(epochSecond, windowSeconds);
    }

    /**
     * The window to report: least remaining, ties to the shorter window.
     *
     * @param limits    the limits in any order
     * @param counts    admitted count per limit, same order
     * @param nowSecond current Unix time in seconds
     */
    public static WindowState mostConstrained(List<Limit> limits, long[] counts, long nowSecond) {
        // pick first, then build one WindowState (this runs on every admitted request)
        int best = -1;
        long bestRemaining = 0;
        for (int i = 0; i < limits.size(); i++) {
            Limit l = limits.get(i);
            long remaining = Math.max(0, l.limit() - counts[i]);
            if (best < 0 || remaining < bestRemaining
                    || (remaining == bestRemaining && l.windowSeconds() < limits.get(best).windowSeconds())) {
                best = i;
                bestRemaining = remaining;
            }
        }
        if (best < 0) {
            return null;
        }
        Limit l = limits.get(best);
        return new WindowState(l, bestRemaining, Windows.start(nowSecond, l.windowSeconds()) + l.windowSeconds());
    }
}
