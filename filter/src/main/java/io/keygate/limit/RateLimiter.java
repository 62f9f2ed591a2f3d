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
     * ServletContext attribute under which a backend module's {@code ServletContextListener} (e.g. the Redis
     * module's) publishes the limiter it built, for a listener declared after it that builds the {@code Keygate}
     * (the {@code keygate-webapp} listener): so that the backend is chosen in {@code web.xml} alone, without a
     * compile dependency between the two.
     */
    String CONTEXT_ATTRIBUTE = "io.keygate.limit.RateLimiter";

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

    /**
     * The state of this limiter's backend, for health checks. Must answer at once from state the limiter already
     * has (no I/O). Default: {@link LimiterHealth#LOCAL}, for limiters that count in this JVM.
     */
    default LimiterHealth health() {
        return LimiterHealth.LOCAL;
    }

    /** Releases threads and connections. */
    @Override
    default void close() {
    }
}
