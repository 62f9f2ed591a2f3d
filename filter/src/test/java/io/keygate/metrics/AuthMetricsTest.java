package io.keygate.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AuthMetricsTest {

    /** Section 5 of the contract, written out here so that a change to the code's list cannot go unnoticed. */
    private static final List<String> CONTRACT_OUTCOMES = List.of("authenticated", "missing", "invalid", "revoked",
            "expired", "forbidden", "rate_limited", "blocked", "bad_request", "unavailable");
    private static final List<String> CONTRACT_LOOKUP_RESULTS = List.of("found", "not_found", "error");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AuthMetrics metrics = new AuthMetrics(registry);

    @AfterEach
    void tearDown() {
        metrics.close();
    }

    @Test
    void constructorWhenCreatedThenEveryOutcomeCounterRegisteredAtZero() {
        assertThat(AuthMetrics.OUTCOMES).containsExactlyInAnyOrderElementsOf(CONTRACT_OUTCOMES);
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
        assertThat(registry.get(AuthMetrics.LAST_USED_DROPPED).counter().count()).isZero();
        assertThat(registry.get(AuthMetrics.STALE_SERVED).counter().count()).isZero();
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
                .flatMap(m -> m.getId().getTags().stream())
                .toList();

        assertThat(tags).allSatisfy(t -> {
            assertThat(t.getKey()).isIn("outcome", "result");
            assertThat(t.getValue()).isIn(concat(CONTRACT_OUTCOMES, CONTRACT_LOOKUP_RESULTS));
        });
    }

    @Test
    void outcomeWhenRecordedThenCounterAndDurationMove() {
        metrics.outcome("authenticated", TimeUnit.MILLISECONDS.toNanos(3));
        metrics.outcome("authenticated", TimeUnit.MILLISECONDS.toNanos(5));
        metrics.outcome("rate_limited", TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(registry.get("apikey.auth.requests").tag("outcome", "authenticated").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("apikey.auth.requests").tag("outcome", "rate_limited").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("apikey.auth.duration").timer().count()).isEqualTo(3);
        assertThat(registry.get("apikey.auth.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(9.0);
    }

    @Test
    void outcomeWhenNotInTheFixedSetThenNoNewMeterAppears() {
        int before = registry.getMeters().size();

        metrics.outcome("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7", 1);

        assertThat(registry.getMeters()).hasSize(before);
        assertThat(registry.getMeters()).allSatisfy(m ->
                assertThat(m.getId().toString()).doesNotContain("sk_live_"));
    }

    @Test
    void storeLookupAndLastUsedWhenRecordedThenTheirMetersMove() {
        metrics.storeLookup(AuthMetrics.LOOKUP_FOUND, 1_000);
        metrics.storeLookup(AuthMetrics.LOOKUP_ERROR, 1_000);
        metrics.storeLookup(AuthMetrics.LOOKUP_ERROR, 1_000);
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
