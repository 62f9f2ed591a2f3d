package io.keygate.limit;

import java.util.List;

/**
 * SPI: counts requests against fixed, epoch-aligned windows.
 *
 * <p>Contract for every implementation: a request is admitted only if every one of {@code limits} has room in
 * its current window; a rejected request consumes nothing; under any concurrency no window admits more than
 * its limit. The returned window state is the one with the least remaining (tie: the shorter window).
 * Implementations are thread-safe and never block a request thread for long (bounded timeouts).
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Tries to admit one request for {@code bucket} (a key id or organization id, never a secret).
     *
     * @param limits at least one limit; an empty list admits without counting
     */
    RateLimitDecision tryAcquire(String bucket, List<Limit> limits);

    /**
     * The same, knowing the name of the plan the limits come from (never a secret; {@code key} when the key's own
     * {@code rate_limit} applies), so a backend may treat some plans differently (the Redis limiter's hot-key
     * mode is opted into per plan). The engine calls this one.
     */
    default RateLimitDecision tryAcquire(String bucket, String planName, List<Limit> limits) {
        return tryAcquire(bucket, limits);
    }

    /** Releases threads and connections. */
    @Override
    default void close() {
    }
}
