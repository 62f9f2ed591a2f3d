package io.keygate.limit;

/** What a {@link RateLimiter} decided. */
public sealed interface RateLimitDecision {

    /** Admitted. {@code window} is null when there was nothing to count (no limits). */
    record Admitted(WindowState window) implements RateLimitDecision {
    }

    /** Over a limit. {@code retryAfterSeconds} (≥ 1) is when every exhausted window has room again. */
    record Rejected(WindowState window, long retryAfterSeconds) implements RateLimitDecision {
    }

    /** The limiter's backend cannot decide (for example a shared store is down and its policy is closed). */
    record Unavailable(long retryAfterSeconds) implements RateLimitDecision {
    }

    static Admitted admitted(WindowState window) {
        return new Admitted(window);
    }

    static Rejected rejected(WindowState window, long retryAfterSeconds) {
        return new Rejected(window, Math.max(1, retryAfterSeconds));
    }
}
