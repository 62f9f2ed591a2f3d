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

    /** Releases threads and connections. */
    @Override
    default void close() {
    }
}
