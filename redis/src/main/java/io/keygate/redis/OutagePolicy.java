package io.keygate.redis;

import java.util.Locale;

/**
 * What {@link RedisRateLimiter} decides while Redis cannot answer (down, unreachable, slower than the command
 * timeout, or skipped because the circuit breaker is open). Every such decision is counted in
 * {@code apikey.ratelimit.fallbacks{policy=...}}.
 */
public enum OutagePolicy {

    /**
     * Count in this JVM with an {@link io.keygate.limit.InProcessRateLimiter} (default). Limits keep holding per
     * node, so the cluster as a whole may admit up to {@code nodes × N} per window during the outage, and what a
     * node admitted locally is not added to the Redis counters when Redis returns.
     */
    LOCAL,

    /** Admit every request without counting. Availability first: no limit holds during the outage. */
    OPEN,

    /**
     * Refuse with {@link io.keygate.limit.RateLimitDecision.Unavailable} (the filter answers 503 with
     * {@code Retry-After}). Limits are never exceeded, at the price of an outage of the API.
     */
    CLOSED;

    /** The configuration spelling: {@code local}, {@code open}, {@code closed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the parameter, the value and the accepted values
     */
    public static OutagePolicy parse(String parameter, String value) {
        if (value != null) {
            for (OutagePolicy p : values()) {
                if (p.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("'" + value + "' is wrong value for " + parameter
                + ", because it must be one of local, open, closed");
    }
}
