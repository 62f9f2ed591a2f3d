package io.keygate.verify;

import com.github.benmanes.caffeine.cache.Cache;
import io.keygate.metrics.Meters;
import io.keygate.metrics.SharedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The engine's meters (names in {@link Meters}), registered up front so dashboards see zeros rather than gaps,
 * through {@link SharedMeters} so that two engines on one registry never remove each other's meters.
 *
 * <p>Also the voice of unexpected backend failures: each is counted in {@value Meters#BACKEND_ERRORS} and logged
 * at WARNING at most once a minute per component, with the exception's class and message only.
 */
final class EngineMetrics implements AutoCloseable {

    static final long BACKEND_LOG_INTERVAL_MILLIS = 60_000;
    private static final System.Logger LOG = System.getLogger(Authenticator.class.getName());

    private final SharedMeters meters;
    private final Clock clock;
    private final UnaryOperator<String> redact;
    /** By {@link AuthOutcome.Kind#ordinal()}: one array read per request. */
    private final Counter[] outcomes = new Counter[AuthOutcome.Kind.values().length];
    private final Timer duration;
    private final Timer lookupFound;
    private final Timer lookupNotFound;
    private final Timer lookupError;
    private final Counter staleServed;
    private final Counter lastUsedWrites;
    private final Counter lastUsedDropped;
    private final Map<String, Counter> backendErrors = new HashMap<>();
    private final Map<String, AtomicLong> lastBackendLog = new HashMap<>();

    /**
     * @param redact replaces anything in a text that looks like a key by its redacted form (exception messages of
     *               backends are logged through it)
     */
    EngineMetrics(MeterRegistry registry, Clock clock, UnaryOperator<String> redact) {
        this.meters = new SharedMeters(registry);
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.redact = Objects.requireNonNull(redact, "redact cannot be null");
        Map<String, Counter> byTag = new HashMap<>();
        for (String outcome : Meters.OUTCOMES) {
            byTag.put(outcome, meters.hold(Counter.builder(Meters.REQUESTS)
                    .description("Requests decided by keygate, by outcome")
                    .baseUnit("requests")
                    .tag(Meters.OUTCOME, outcome)
                    .register(registry)));
        }
        for (AuthOutcome.Kind kind : AuthOutcome.Kind.values()) {
            outcomes[kind.ordinal()] = Objects.requireNonNull(byTag.get(kind.metricTag()), kind.metricTag());
        }
        this.duration = meters.hold(Timer.builder(Meters.DURATION)
                .description("Time keygate spent deciding a request, without the downstream application")
                .serviceLevelObjectives(Meters.DURATION_BUCKETS.toArray(Duration[]::new))
                .register(registry));
        this.lookupFound = lookupTimer(registry, Meters.LOOKUP_FOUND);
        this.lookupNotFound = lookupTimer(registry, Meters.LOOKUP_NOT_FOUND);
        this.lookupError = lookupTimer(registry, Meters.LOOKUP_ERROR);
        this.staleServed = meters.hold(Counter.builder(Meters.STALE_SERVED)
                .description("Requests answered from a cached key because the store was unreachable")
                .baseUnit("requests")
                .register(registry));
        this.lastUsedWrites = meters.hold(Counter.builder(Meters.LAST_USED_WRITES)
                .description("Keys whose last_used_at was written to the store")
                .baseUnit("keys")
                .register(registry));
        this.lastUsedDropped = meters.hold(Counter.builder(Meters.LAST_USED_DROPPED)
                .description("Last-used updates dropped because the pending buffer was full")
                .baseUnit("keys")
                .register(registry));
        for (String component : Meters.COMPONENTS) {
            backendErrors.put(component, meters.hold(Counter.builder(Meters.BACKEND_ERRORS)
                    .description("Unexpected failures of a backend (not outages), answered 503")
                    .baseUnit("errors")
                    .tag(Meters.COMPONENT, component)
                    .register(registry)));
            lastBackendLog.put(component, new AtomicLong(Long.MIN_VALUE));
        }
    }

    private Timer lookupTimer(MeterRegistry registry, String result) {
        return meters.hold(Timer.builder(Meters.STORE_LOOKUPS)
                .description("Key store lookups by hash (cache misses), by result")
                .serviceLevelObjectives(Meters.STORE_LOOKUP_BUCKETS.toArray(Duration[]::new))
                .tag(Meters.RESULT, result)
                .register(registry));
    }

    MeterRegistry registry() {
        return meters.registry();
    }

    /** Binds Caffeine's cache meters for the key cache under the name {@value Meters#CACHE_NAME}. */
    void bindCache(Cache<?, ?> cache) {
        meters.bindCache(cache, Meters.CACHE_NAME);
    }

    void bindLastUsedPending(Supplier<Number> pending) {
        meters.summedGauge(Meters.LAST_USED_PENDING, Tags.empty(), "Keys whose last use waits to be written",
                "keys", pending);
    }

    void outcome(AuthOutcome.Kind kind, long nanos) {
        outcomes[kind.ordinal()].increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void storeLookup(String result, long nanos) {
        Timer t = switch (result) {
            case Meters.LOOKUP_FOUND -> lookupFound;
            case Meters.LOOKUP_NOT_FOUND -> lookupNotFound;
            default -> lookupError;
        };
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    void staleServed() {
        staleServed.increment();
    }

    void lastUsedWritten(int keys) {
        lastUsedWrites.increment(keys);
    }

    void lastUsedDropped() {
        lastUsedDropped.increment();
    }

    /**
     * Counts an unexpected failure of {@code component} and logs it at WARNING, at most once a minute per component.
     * Only the exception's class and its message are logged, the message with anything that looks like a key
     * redacted.
     */
    void backendError(String component, RuntimeException e) {
        Counter c = backendErrors.get(component);
        c.increment();
        AtomicLong last = lastBackendLog.get(component);
        long now = clock.millis();
        long before = last.get();
        if ((before == Long.MIN_VALUE || now - before >= BACKEND_LOG_INTERVAL_MILLIS) && last.compareAndSet(before, now)) {
            LOG.log(Level.WARNING, "keygate: unexpected " + component + " failure, answered 503 (logged at most once a "
                    + "minute; counted in " + Meters.BACKEND_ERRORS + "): " + e.getClass().getName() + ": "
                    + redact.apply(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public void close() {
        meters.close();
    }
}
