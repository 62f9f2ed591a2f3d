package io.keygate.metrics;

import java.time.Duration;
import java.util.List;

/**
 * The names and tag values of keygate's meters (contract §5 and §10), in one place. Every tag value comes from a
 * fixed set: no tag ever carries a key, key id, client address or raw path.
 */
public final class Meters {

    /** Counter, tag {@value #OUTCOME}: every request an adapter decided, by outcome. */
    public static final String REQUESTS = "apikey.auth.requests";
    /** Timer: the time keygate itself spent on a request, without the downstream application. */
    public static final String DURATION = "apikey.auth.duration";
    /** Timer, tag {@value #RESULT}: key store lookups by hash (cache misses). */
    public static final String STORE_LOOKUPS = "apikey.store.lookups";
    /** Counter: requests answered from a cached key because the store could not be reached. */
    public static final String STALE_SERVED = "apikey.cache.stale";
    /** Gauge: keys whose {@code last_used_at} waits to be written. */
    public static final String LAST_USED_PENDING = "apikey.lastused.pending";
    /** Counter: keys whose {@code last_used_at} was written. */
    public static final String LAST_USED_WRITES = "apikey.lastused.writes";
    /** Counter: last-used updates dropped because the pending buffer was full. */
    public static final String LAST_USED_DROPPED = "apikey.lastused.dropped";
    /** Counter, tag {@value #COMPONENT}: unexpected failures of a backend (not outages), answered 503. */
    public static final String BACKEND_ERRORS = "apikey.backend.errors";
    /** Gauge: keys whose per-key usage counts wait to be written. */
    public static final String USAGE_PENDING = "apikey.usage.pending";
    /** Counter: per-key daily usage rows written (one row per key and day per flush). */
    public static final String USAGE_WRITES = "apikey.usage.writes";
    /** Counter: requests not counted in usage because the pending buffer was full. */
    public static final String USAGE_DROPPED = "apikey.usage.dropped";
    /** Timer: one usage flush (one batched write). */
    public static final String USAGE_FLUSH = "apikey.usage.flush";
    /** Counter: tokens issued for API keys (contract §8). No base unit, so Prometheus calls it apikey_tokens_issued_total. */
    public static final String TOKENS_ISSUED = "apikey.tokens.issued";
    /** Counter, tag {@value #RESULT}: tokens verified, by result ({@link #TOKEN_RESULTS}). */
    public static final String TOKENS_VERIFICATIONS = "apikey.tokens.verifications";
    /** The {@code cache} tag of the verified-token cache's Caffeine meters. */
    public static final String TOKEN_CACHE_NAME = "apitokens";
    /** Values of {@value #RESULT} on {@value #TOKENS_VERIFICATIONS}. */
    public static final List<String> TOKEN_RESULTS = List.of("verified", "cached", "invalid", "expired", "unavailable");
    /**
     * Counter, tags {@value #ACTION} (the event's action, e.g. {@code key.create}) and {@value #OUTCOME}
     * ({@link #AUDIT_OUTCOMES}): audit events written (contract §7.5), successes and refusals.
     */
    public static final String AUDIT_EVENTS = "apikey.audit.events";

    /** The {@code cache} tag of the key cache's Caffeine meters. */
    public static final String CACHE_NAME = "apikeys";

    /**
     * Histogram buckets of {@value #DURATION} (Prometheus {@code _bucket} series, so percentiles come from the
     * server): fixed and few, from 5 µs, because keygate's own work on a cached key is sub-microsecond to a few µs.
     */
    public static final List<Duration> DURATION_BUCKETS = durations(5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
            500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 100_000_000, 500_000_000,
            1_000_000_000);
    /** Histogram buckets of {@value #STORE_LOOKUPS}: a database lookup, 100 µs to 5 s (the statement timeout). */
    public static final List<Duration> STORE_LOOKUP_BUCKETS = durations(100_000, 250_000, 500_000, 1_000_000, 2_500_000,
            5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000,
            2_500_000_000L, 5_000_000_000L);

    public static final String OUTCOME = "outcome";
    public static final String RESULT = "result";
    public static final String COMPONENT = "component";
    public static final String ACTION = "action";

    /** Values of {@value #OUTCOME}. */
    public static final List<String> OUTCOMES = List.of("authenticated", "missing", "invalid", "revoked",
            "expired", "forbidden", "rate_limited", "blocked", "bad_request", "unavailable");

    /** Values of {@value #OUTCOME} on {@value #AUDIT_EVENTS}. */
    public static final List<String> AUDIT_OUTCOMES = List.of("success", "denied");

    public static final String LOOKUP_FOUND = "found";
    public static final String LOOKUP_NOT_FOUND = "not_found";
    public static final String LOOKUP_ERROR = "error";
    /** Values of {@value #RESULT}. */
    public static final List<String> LOOKUP_RESULTS = List.of(LOOKUP_FOUND, LOOKUP_NOT_FOUND, LOOKUP_ERROR);

    public static final String COMPONENT_STORE = "store";
    public static final String COMPONENT_PLANS = "plans";
    public static final String COMPONENT_LIMITER = "limiter";
    public static final String COMPONENT_TOKENS = "tokens";
    /** Values of {@value #COMPONENT}. */
    public static final List<String> COMPONENTS = List.of(COMPONENT_STORE, COMPONENT_PLANS, COMPONENT_LIMITER,
            COMPONENT_TOKENS);

    private Meters() {
    }

    private static List<Duration> durations(long... nanos) {
        return java.util.Arrays.stream(nanos).mapToObj(Duration::ofNanos).toList();
    }
}
