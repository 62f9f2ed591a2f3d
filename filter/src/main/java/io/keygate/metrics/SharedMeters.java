package io.keygate.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The meters of one keygate component (a filter's engine, a Redis backend, ...) on a registry that other
 * components may share: two filters of two WARs on one registry, or a redeploy where the new filter starts before
 * the old one stops.
 *
 * <p>Micrometer hands out one meter per name and tags, so components on one registry count into the same counters
 * (the sum is what a dashboard wants). What must not happen is that one component's {@link #close()} removes
 * meters the other still uses. Here every meter is reference-counted per registry and removed only when its last
 * user closes; gauges add up the values of all live users; the Caffeine cache meters, which Micrometer binds to
 * one cache object, are bound to the cache of the oldest live user and moved to the next one when it closes.
 *
 * <p>Thread-safe: registration and closing are serialized on one lock (they happen at start and stop, never
 * per request).
 */
public final class SharedMeters implements AutoCloseable {

    private static final Object LOCK = new Object();
    /** Per registry: live users of each meter id, summed gauges, bound caches. Weak: a dropped registry goes. */
    private static final Map<MeterRegistry, RegistryState> STATES = new WeakHashMap<>();

    private final MeterRegistry registry;
    private final List<Meter.Id> held = new ArrayList<>();
    private final List<Runnable> releases = new ArrayList<>();
    private boolean closed;

    public SharedMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Holds a meter registered on this registry: it stays until every holder closed. */
    public <M extends Meter> M hold(M meter) {
        synchronized (LOCK) {
            state().users.merge(meter.getId(), 1, Integer::sum);
            held.add(meter.getId());
        }
        return meter;
    }

    /**
     * A gauge whose value is the sum of {@code value} over every live holder of the same name and tags.
     */
    public void summedGauge(String name, Tags tags, String description, String baseUnit, Supplier<Number> value) {
        Objects.requireNonNull(value, "value cannot be null");
        synchronized (LOCK) {
            RegistryState state = state();
            Summed summed = state.gauges.computeIfAbsent(name + tags, k -> new Summed());
            summed.sources.add(value);
            hold(Gauge.builder(name, summed, Summed::sum)
                    .tags(tags)
                    .description(description)
                    .baseUnit(baseUnit)
                    .register(registry));
            releases.add(() -> summed.sources.remove(value));
        }
    }

    /**
     * Binds Micrometer's Caffeine meters under {@code cacheName} to {@code cache}, unless another live holder's
     * cache is bound already; when that holder closes, the meters move to the next live cache.
     */
    public void bindCache(Cache<?, ?> cache, String cacheName) {
        Objects.requireNonNull(cache, "cache cannot be null");
        synchronized (LOCK) {
            RegistryState state = state();
            List<Cache<?, ?>> caches = state.caches.computeIfAbsent(cacheName, k -> new ArrayList<>());
            caches.add(cache);
            if (caches.size() == 1) {
                CaffeineCacheMetrics.monitor(registry, cache, cacheName);
            }
            releases.add(() -> {
                boolean wasBound = caches.get(0) == cache;
                caches.remove(cache);
                if (wasBound) {
                    removeCacheMeters(cacheName);
                    if (!caches.isEmpty()) {
                        CaffeineCacheMetrics.monitor(registry, caches.get(0), cacheName);
                    }
                }
            });
        }
    }

    private void removeCacheMeters(String cacheName) {
        for (Meter m : new ArrayList<>(registry.getMeters())) {
            if (cacheName.equals(m.getId().getTag("cache"))) {
                registry.remove(m);
            }
        }
    }

    /** Releases what this holder registered; meters no other holder uses are removed from the registry. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            releases.forEach(Runnable::run);
            RegistryState state = state();
            for (Meter.Id id : held) {
                Integer left = state.users.merge(id, -1, Integer::sum);
                if (left != null && left <= 0) {
                    state.users.remove(id);
                    registry.remove(id);
                }
            }
            held.clear();
            if (state.users.isEmpty()) {
                state.gauges.clear();
            }
        }
    }

    private RegistryState state() {
        return STATES.computeIfAbsent(registry, r -> new RegistryState());
    }

    private static final class RegistryState {
        final Map<Meter.Id, Integer> users = new HashMap<>();
        final Map<String, Summed> gauges = new HashMap<>();
        final Map<String, List<Cache<?, ?>>> caches = new HashMap<>();
    }

    private static final class Summed {
        final List<Supplier<Number>> sources = new CopyOnWriteArrayList<>();

        double sum() {
            double total = 0;
            for (Supplier<Number> s : sources) {
                total += s.get().doubleValue();
            }
            return total;
        }
    }
}
