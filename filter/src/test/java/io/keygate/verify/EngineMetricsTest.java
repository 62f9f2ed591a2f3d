package io.keygate.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.metrics.Meters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EngineMetricsTest {

    /** Section 5 of the contract, written out here so that a change to the code's list cannot go unnoticed. */
    private static final List<String> CONTRACT_OUTCOMES = List.of("authenticated", "missing", "invalid", "revoked",
            "expired", "forbidden", "rate_limited", "blocked", "bad_request", "unavailable");
    private static final List<String> CONTRACT_LOOKUP_RESULTS = List.of("found", "not_found", "error");
    /** Section 10 of the contract. */
    private static final List<String> CONTRACT_COMPONENTS = List.of("store", "plans", "limiter", "tokens");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    private final EngineMetrics metrics = new EngineMetrics(registry, clock, s -> s);

    @AfterEach
    void tearDown() {
        metrics.close();
    }

    @Test
    void constructorWhenCreatedThenEveryOutcomeCounterRegisteredAtZero() {
        assertThat(Meters.OUTCOMES).containsExactlyInAnyOrderElementsOf(CONTRACT_OUTCOMES);
        for (String outcome : CONTRACT_OUTCOMES) {
            assertThat(registry.get("apikey.auth.requests").tag("outcome", outcome).counter().count())
                    .as(outcome).isZero();
        }
        assertThat(registry.find("apikey.auth.requests").counters()).hasSize(CONTRACT_OUTCOMES.size());
    }

    @Test
    void constructorWhenCreatedThenDurationLookupAndLastUsedMetersRegistered() {
        assertThat(registry.get("apikey.auth.duration").timer().count()).isZero();
        for (String result : CONTRACT_LOOKUP_RESULTS) {
            assertThat(registry.get("apikey.store.lookups").tag("result", result).timer().count()).as(result).isZero();
        }
        assertThat(registry.find("apikey.store.lookups").timers()).hasSize(3);
        assertThat(registry.get("apikey.lastused.writes").counter().count()).isZero();
        assertThat(registry.get(Meters.LAST_USED_DROPPED).counter().count()).isZero();
        assertThat(registry.get(Meters.STALE_SERVED).counter().count()).isZero();
    }

    @Test
    void timersWhenRecordedThenPublishBoundedHistogramBucketsForServerSidePercentiles() {
        metrics.outcome(AuthOutcome.Kind.AUTHENTICATED, 3_000);        // 3 µs
        metrics.outcome(AuthOutcome.Kind.AUTHENTICATED, 700_000);      // 0.7 ms
        metrics.storeLookup(Meters.LOOKUP_FOUND, 2_000_000);            // 2 ms

        var duration = registry.get("apikey.auth.duration").timer().takeSnapshot().histogramCounts();
        assertThat(duration).hasSize(Meters.DURATION_BUCKETS.size());
        assertThat(duration[0].bucket(TimeUnit.NANOSECONDS)).isEqualTo(5_000);
        assertThat(duration[0].count()).isEqualTo(1);   // <= 5 µs
        assertThat(duration[duration.length - 1].count()).isEqualTo(2);
        var lookups = registry.get("apikey.store.lookups").tag("result", "found").timer().takeSnapshot()
                .histogramCounts();
        assertThat(lookups).hasSize(Meters.STORE_LOOKUP_BUCKETS.size());
        assertThat(Meters.DURATION_BUCKETS).isSorted();
        assertThat(Meters.STORE_LOOKUP_BUCKETS).isSorted();
    }

    @Test
    void bindLastUsedPendingWhenBoundThenGaugeFollowsTheSupplier() {
        AtomicInteger pending = new AtomicInteger();
        metrics.bindLastUsedPending(pending::get);
        pending.set(42);

        assertThat(registry.get("apikey.lastused.pending").gauge().value()).isEqualTo(42.0);
    }

    @Test
    void metersWhenRegisteredThenEachHasDescriptionAndBaseUnit() {
        metrics.bindLastUsedPending(() -> 0);

        List<Meter> ours = registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("apikey."))
                // the histogram buckets a registry like SimpleMeterRegistry derives from a timer are not meters of
                // ours (Prometheus publishes them as the timer's _bucket series)
                .filter(m -> !m.getId().getName().endsWith(".histogram"))
                .toList();

        assertThat(ours).extracting(m -> m.getId().getName()).contains("apikey.auth.requests",
                "apikey.auth.duration", "apikey.store.lookups", "apikey.lastused.pending", "apikey.lastused.writes");
        assertThat(ours).allSatisfy(m -> {
            assertThat(m.getId().getDescription()).as(m.getId().getName() + " description").isNotBlank();
            assertThat(m.getId().getBaseUnit()).as(m.getId().getName() + " base unit").isNotBlank();
        });
    }

    @Test
    void metersWhenRegisteredThenTagsComeFromFixedSets() {
        metrics.bindLastUsedPending(() -> 0);

        List<Tag> tags = registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("apikey."))
                .filter(m -> !m.getId().getName().endsWith(".histogram"))
                .flatMap(m -> m.getId().getTags().stream())
                .toList();

        assertThat(tags).allSatisfy(t -> {
            assertThat(t.getKey()).isIn("outcome", "result", "component");
            assertThat(t.getValue()).isIn(concat(concat(CONTRACT_OUTCOMES, CONTRACT_LOOKUP_RESULTS),
                    CONTRACT_COMPONENTS));
        });
    }

    @Test
    void outcomeWhenRecordedThenCounterAndDurationMove() {
        metrics.outcome(AuthOutcome.Kind.AUTHENTICATED, TimeUnit.MILLISECONDS.toNanos(3));
        metrics.outcome(AuthOutcome.Kind.AUTHENTICATED, TimeUnit.MILLISECONDS.toNanos(5));
        metrics.outcome(AuthOutcome.Kind.RATE_LIMITED, TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(registry.get("apikey.auth.requests").tag("outcome", "authenticated").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("apikey.auth.requests").tag("outcome", "rate_limited").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("apikey.auth.duration").timer().count()).isEqualTo(3);
        assertThat(registry.get("apikey.auth.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(9.0);
    }

    @Test
    void outcomeKindsWhenMappedToTagsThenEveryKindHasAContractTagAndEveryTagAKind() {
        // the outcome tag is an enum's constant: no request can make a new tag value (a key, a path) appear
        assertThat(java.util.Arrays.stream(AuthOutcome.Kind.values()).map(AuthOutcome.Kind::metricTag))
                .allSatisfy(tag -> assertThat(tag).isIn(CONTRACT_OUTCOMES));
        assertThat(java.util.Arrays.stream(AuthOutcome.Kind.values()).map(AuthOutcome.Kind::metricTag).distinct())
                .containsExactlyInAnyOrderElementsOf(CONTRACT_OUTCOMES);
        for (AuthOutcome.Kind kind : AuthOutcome.Kind.values()) {
            int before = registry.getMeters().size();
            metrics.outcome(kind, 1);
            assertThat(registry.getMeters()).as(kind.name()).hasSize(before);
        }
    }

    @Test
    void storeLookupAndLastUsedWhenRecordedThenTheirMetersMove() {
        metrics.storeLookup(Meters.LOOKUP_FOUND, 1_000);
        metrics.storeLookup(Meters.LOOKUP_ERROR, 1_000);
        metrics.storeLookup(Meters.LOOKUP_ERROR, 1_000);
        metrics.lastUsedWritten(7);

        assertThat(registry.get("apikey.store.lookups").tag("result", "found").timer().count()).isEqualTo(1);
        assertThat(registry.get("apikey.store.lookups").tag("result", "not_found").timer().count()).isZero();
        assertThat(registry.get("apikey.store.lookups").tag("result", "error").timer().count()).isEqualTo(2);
        assertThat(registry.get("apikey.lastused.writes").counter().count()).isEqualTo(7.0);
    }

    @Test
    void bindCacheWhenBoundThenCaffeineMetersTaggedApikeys() {
        Cache<String, String> cache = Caffeine.newBuilder().maximumSize(10).recordStats().build();
        metrics.bindCache(cache);
        cache.put("a", "1");
        cache.getIfPresent("a");
        cache.getIfPresent("b");

        List<Meter> cacheMeters = registry.getMeters().stream()
                .filter(m -> "apikeys".equals(m.getId().getTag("cache")))
                .toList();
        assertThat(cacheMeters).isNotEmpty();
        assertThat(registry.get("cache.gets").tag("cache", "apikeys").tag("result", "hit").functionCounter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("cache.gets").tag("cache", "apikeys").tag("result", "miss").functionCounter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("cache.size").tag("cache", "apikeys").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void closeWhenCalledThenEveryMeterRemoved() {
        metrics.bindLastUsedPending(() -> 3);
        metrics.bindCache(Caffeine.newBuilder().maximumSize(10).recordStats().build());
        assertThat(registry.getMeters()).isNotEmpty();

        metrics.close();

        assertThat(registry.getMeters()).isEmpty();
        assertThat(registry.find("apikey.auth.requests").counters()).isEmpty();
        assertThat(registry.find("cache.size").gauges()).isEmpty();
    }

    @Test
    void closeWhenOtherMetersInRegistryThenOnlyKeygateMetersRemoved() {
        registry.counter("app.orders");

        metrics.close();

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactly("app.orders");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
