package io.keygate.token;

import com.github.benmanes.caffeine.cache.Cache;
import io.keygate.metrics.Meters;
import io.keygate.metrics.SharedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The token module's meters, registered up front through {@link SharedMeters}: {@value TokenMeters#ISSUED},
 * {@value TokenMeters#VERIFICATIONS} by result, the verified-token cache's Caffeine meters, and
 * {@code apikey.backend.errors{component=tokens}} for signing-key problems (each also logged at WARNING, at most once
 * a minute).
 */
final class TokenMetrics implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final SharedMeters meters;
    private final Clock clock;
    private final Counter issued;
    private final Counter cached;
    private final Map<TokenVerification.Kind, Counter> checked = new EnumMap<>(TokenVerification.Kind.class);
    private final Counter backendErrors;
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);

    TokenMetrics(MeterRegistry registry, Clock clock) {
        this.meters = new SharedMeters(registry);
        this.clock = clock;
        // no base unit: Prometheus would append it (apikey_tokens_issued_tokens_total)
        this.issued = meters.hold(Counter.builder(TokenMeters.ISSUED)
                .description("Tokens issued in exchange for an API key")
                .register(registry));
        Map<String, Counter> byResult = new java.util.HashMap<>();
        for (String result : TokenMeters.RESULTS) {
            byResult.put(result, meters.hold(Counter.builder(TokenMeters.VERIFICATIONS)
                    .description("Tokens verified, by result")
                    .tag(TokenMeters.RESULT, result)
                    .register(registry)));
        }
        this.cached = byResult.get(TokenMeters.RESULT_CACHED);
        checked.put(TokenVerification.Kind.VERIFIED, byResult.get(TokenMeters.RESULT_VERIFIED));
        checked.put(TokenVerification.Kind.INVALID, byResult.get(TokenMeters.RESULT_INVALID));
        checked.put(TokenVerification.Kind.EXPIRED, byResult.get(TokenMeters.RESULT_EXPIRED));
        checked.put(TokenVerification.Kind.UNAVAILABLE, byResult.get(TokenMeters.RESULT_UNAVAILABLE));
        this.backendErrors = meters.hold(Counter.builder(Meters.BACKEND_ERRORS)
                .description("Unexpected failures of a backend (not outages), answered 503")
                .baseUnit("errors")
                .tag(Meters.COMPONENT, Meters.COMPONENT_TOKENS)
                .register(registry));
    }

    void bindCache(Cache<?, ?> cache) {
        meters.bindCache(cache, TokenMeters.CACHE_NAME);
    }

    void issued() {
        issued.increment();
    }

    /** A verification: {@code fromCache} for a valid token answered from the cache. */
    void verified(TokenVerification.Kind kind, boolean fromCache) {
        (fromCache && kind == TokenVerification.Kind.VERIFIED ? cached : checked.get(kind)).increment();
    }

    /** Counts a signing-key problem and logs it at WARNING, at most once a minute (the message names no secret). */
    void problem(RuntimeException e) {
        backendErrors.increment();
        long now = clock.millis();
        long before = lastLog.get();
        if ((before == Long.MIN_VALUE || now - before >= LOG_INTERVAL_MILLIS) && lastLog.compareAndSet(before, now)) {
            LOG.log(Level.WARNING, "keygate: token signing keys: " + e.getMessage() + " (logged at most once a "
                    + "minute; counted in " + Meters.BACKEND_ERRORS + "{component=" + Meters.COMPONENT_TOKENS + "})");
        }
    }

    @Override
    public void close() {
        meters.close();
    }
}
