package io.keygate.verify;

import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No invalid {@link EngineSettings} can exist: the canonical constructor itself (not only the builder) rejects every
 * out-of-range component with the init-param's name, the value and the rule.
 */
class SettingsRecordsTest {

    private static final EngineSettings D = EngineSettings.defaults();

    private static EngineSettings with(Limit failedAuthLimit, long maxClients, long cacheMax, Duration ttl, long negMax,
                                       Duration negTtl, Duration stale, Map<String, PathPattern> restrictions,
                                       Set<String> readMethods, Duration flush, int pending, long retryAfter) {
        return new EngineSettings(failedAuthLimit, maxClients, cacheMax, ttl, negMax, negTtl, stale, List.of(), List.of(),
                restrictions, readMethods, RateLimitScope.KEY, flush, pending, retryAfter, D.usageFlushInterval(),
                D.usageMaxPending());
    }

    private static void rejected(Supplier<EngineSettings> construct, String param, String value, String rule) {
        assertThatThrownBy(construct::get).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(param).hasMessageContaining("'" + value + "'").hasMessageContaining(rule);
    }

    @Test
    void constructorWhenAnyComponentOutOfRangeThenRejectedNamingParameterValueAndRule() {
        Map<String, PathPattern> r = D.restrictions();
        Set<String> m = D.readMethods();
        Duration ttl = D.cacheTtl();
        rejected(() -> with(new Limit(1, Limit.MAX_SECONDS + 1), 1, 1, ttl, 1, ttl, ttl, r, m, ttl, 1, 1),
                "failed-auth-limit", "1/" + (Limit.MAX_SECONDS + 1), "at most");
        rejected(() -> with(D.failedAuthLimit(), 0, 1, ttl, 1, ttl, ttl, r, m, ttl, 1, 1),
                "failed-auth-max-clients", "0", "at least 1");
        rejected(() -> with(D.failedAuthLimit(), 1, 0, ttl, 1, ttl, ttl, r, m, ttl, 1, 1),
                "cache-max-size", "0", "at least 1");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, Duration.ZERO, 1, ttl, ttl, r, m, ttl, 1, 1),
                "cache-ttl-seconds", "0", "at least 1 seconds");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, Duration.ofSeconds(Limit.MAX_SECONDS + 1), 1, ttl, ttl, r, m,
                ttl, 1, 1), "cache-ttl-seconds", String.valueOf(Limit.MAX_SECONDS + 1), "one year");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 0, ttl, ttl, r, m, ttl, 1, 1),
                "negative-cache-max-size", "0", "at least 1");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, Duration.ofSeconds(-1), ttl, r, m, ttl, 1, 1),
                "negative-cache-ttl-seconds", "-1", "at least 0");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, null, r, m, ttl, 1, 1),
                "stale-if-error-seconds", "null", "at least 0");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, Map.of("wf!", PathPattern.compile("/w/{id}")),
                m, ttl, 1, 1), "restrictions", "wf!", "restriction type");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, Map.of("workflow", PathPattern.compile("/w/x")),
                m, ttl, 1, 1), "restrictions", "workflow=/w/x", "capture");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, r, Set.of("get"), ttl, 1, 1),
                "read-methods", "get", "uppercase");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, r, m, Duration.ofMillis(10), 1, 1),
                "last-used-flush-seconds", "0", "at least 1 seconds");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, r, m, ttl, 0, 1),
                "last-used-max-pending", "0", "at least 1");
        rejected(() -> with(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, r, m, ttl, 1, 0),
                "unavailable-retry-after-seconds", "0", "at least 1");
        rejected(() -> new EngineSettings(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, List.of(), List.of(), r, m,
                RateLimitScope.KEY, ttl, 1, 1, Duration.ZERO, 1), "usage-flush-seconds", "0", "at least 1 seconds");
        rejected(() -> new EngineSettings(D.failedAuthLimit(), 1, 1, ttl, 1, ttl, ttl, List.of(), List.of(), r, m,
                RateLimitScope.KEY, ttl, 1, 1, ttl, 0), "usage-max-pending", "0", "at least 1");
    }

    @Test
    void constructorWhenRequiredComponentNullThenNamedInTheMessage() {
        assertThatThrownBy(() -> new EngineSettings(null, 1, 1, D.cacheTtl(), 1, D.negativeCacheTtl(),
                D.staleIfError(), List.of(), List.of(), Map.of(), Set.of(), RateLimitScope.KEY, D.lastUsedFlushInterval(), 1, 1,
                D.usageFlushInterval(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("failedAuthLimit cannot be null");
        assertThatThrownBy(() -> new EngineSettings(D.failedAuthLimit(), 1, 1, D.cacheTtl(), 1, D.negativeCacheTtl(),
                D.staleIfError(), List.of(), List.of(), Map.of(), Set.of(), null, D.lastUsedFlushInterval(), 1, 1,
                D.usageFlushInterval(), 1))
                .isInstanceOf(NullPointerException.class).hasMessage("rateLimitScope cannot be null");
    }
}
