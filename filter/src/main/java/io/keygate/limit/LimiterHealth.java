package io.keygate.limit;

/**
 * What a {@link RateLimiter}'s backend is able to do right now, for health checks ({@code /health}). Never blocks:
 * a limiter answers from state it already has (connections, circuit breakers), without a round trip.
 */
public enum LimiterHealth {

    /** No remote backend: requests are counted in this JVM ({@link InProcessRateLimiter}). */
    LOCAL,

    /** The remote backend (e.g. Redis) answers. */
    UP,

    /**
     * The remote backend cannot be reached, and the limiter's outage policy still admits requests (counted in this
     * JVM, or not counted): the API keeps answering, limits hold per node or not at all.
     */
    DEGRADED,

    /** The remote backend cannot be reached, and requests are refused (503) until it is back. */
    DOWN
}
