package io.keygate.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * keygate's meters, registered up front so dashboards see zeros rather than gaps. Tag values come from fixed
 * sets: no tag ever carries a key, key id, client address or raw path. {@link #close()} removes the meters
 * (redeploys do not accumulate them).
 */
public final class AuthMetrics implements AutoCloseable {

    public static final String REQUESTS = "apikey.auth.requests";
    public static final String DURATION = "apikey.auth.duration";
    public static final String STORE_LOOKUPS = "apikey.store.lookups";
    public static final String STALE_SERVED = "apikey.cache.stale";
    public static final String LAST_USED_PENDING = "apikey.lastused.pending";
    public static final String LAST_USED_WRITES = "apikey.lastused.writes";
    public static final String LAST_USED_DROPPED = "apikey.lastused.dropped";
    public static final String CACHE_NAME = "apikeys";

    public static final List<String> OUTCOMES = List.of("authenticated", "missing", "invalid", "revoked",
            "expired", "forbidden", "rate_limited", "blocked", "bad_request", "unavailable");
    public static final String LOOKUP_FOUND = "found";
    public static final String LOOKUP_NOT_FOUND = "not_found";
    public static final String LOOKUP_ERROR = "error";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Counter> outcomes;
    private final Timer duration;
    private final Map<String, Timer> lookups;
    private final Counter staleServed;
    private final Counter lastUsedWrites;
    private final Counter lastUsedDropped;

    public AuthMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        java.util.HashMap<String, Counter> byOutcome = new java.util.HashMap<>();
        for (String outcome : OUTCOMES) {
            byOutcome.put(outcome, keep(Counter.builder(REQUESTS)
                    .description("Requests seen by ApiKeyAuthFilter, by outcome")
                    .baseUnit("requests")
                    .tag("outcome", outcome)
                    .register(registry)));
        }
        this.outcomes = Map.copyOf(byOutcome);
        this.duration = keep(Timer.builder(DURATION)
                .description("Time spent in ApiKeyAuthFilter itself, without the downstream chain")
                .register(registry));
        java.util.HashMap<String, Timer> byResult = new java.util.HashMap<>();
        for (String result : List.of(LOOKUP_FOUND, LOOKUP_NOT_FOUND, LOOKUP_ERROR)) {
            byResult.put(result, keep(Timer.builder(STORE_LOOKUPS)
                    .description("Key store lookups by hash (cache misses), by result")
                    .tag("result", result)
                    .register(registry)));
        }
        this.lookups = Map.copyOf(byResult);
        this.staleServed = keep(Counter.builder(STALE_SERVED)
                .description("Requests answered from a cached key because the store was unreachable")
                .baseUnit("requests")
                .register(registry));
        this.lastUsedWrites = keep(Counter.builder(LAST_USED_WRITES)
                .description("Keys whose last_used_at was written to the store")
                .baseUnit("keys")
                .register(registry));
        this.lastUsedDropped = keep(Counter.builder(LAST_USED_DROPPED)
                .description("Last-used updates dropped because the pending buffer was full")
                .baseUnit("keys")
                .register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Binds Caffeine's cache meters for the key cache under the name {@value #CACHE_NAME}. */
    public void bindCache(Cache<?, ?> cache) {
        CaffeineCacheMetrics.monitor(registry, cache, CACHE_NAME);
        registry.getMeters().stream()
                .filter(m -> CACHE_NAME.equals(m.getId().getTag("cache")))
                .forEach(meters::add);
    }

    public void bindLastUsedPending(Supplier<Number> pending) {
        keep(Gauge.builder(LAST_USED_PENDING, pending)
                .description("Keys whose last use waits to be written")
                .baseUnit("keys")
                .register(registry));
    }

    public void outcome(String outcome, long nanos) {
        Counter c = outcomes.get(outcome);
        if (c != null) {
            c.increment();
        }
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void storeLookup(String result, long nanos) {
        lookups.get(result).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void staleServed() {
        staleServed.increment();
    }

    public void lastUsedWritten(int keys) {
        lastUsedWrites.increment(keys);
    }

    public void lastUsedDropped() {
        lastUsedDropped.increment();
    }

    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
