package io.keygate.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;

/**
 * The meters of the Redis backends, registered when the backend is built (so dashboards see zeros, not gaps).
 * Tags carry only fixed values: never a key, key id, bucket or address. The names are public for dashboards and
 * tests; the meters themselves are created by {@link RedisKeygate}.
 */
public final class RedisMetrics {

    public static final String DURATION = "apikey.ratelimit.redis.duration";
    public static final String ERRORS = "apikey.ratelimit.redis.errors";
    public static final String FALLBACKS = "apikey.ratelimit.fallbacks";
    public static final String BROADCAST_FAILURES = "apikey.revocation.broadcast.failures";
    public static final String BROADCAST_RECEIVED = "apikey.revocation.broadcast.received";
    public static final String HOT_KEY_LOCAL = "apikey.ratelimit.hotkey.local";
    public static final String HOT_KEY_GIVE_BACKS = "apikey.ratelimit.hotkey.givebacks";
    public static final String HOT_KEY_GIVEN_BACK = "apikey.ratelimit.hotkey.givenback";
    /** Tag of {@link #FALLBACKS}: the configured {@link OutagePolicy#wireName()}. */
    public static final String POLICY_TAG = "policy";

    final Timer duration;
    final Counter errors;
    final Counter fallbacks;
    final Counter broadcastFailures;
    final Counter broadcastReceived;
    final Counter hotKeyLocal;
    final Counter giveBacks;
    final Counter givenBack;

    RedisMetrics(MeterRegistry registry, OutagePolicy policy) {
        Objects.requireNonNull(registry, "registry cannot be null");
        duration = Timer.builder(DURATION)
                .description("Round trip of the Redis rate-limit script (failed ones included)")
                .register(registry);
        errors = Counter.builder(ERRORS)
                .description("Rate-limit decisions Redis could not make: timeout, connection error, not connected")
                .baseUnit("errors")
                .register(registry);
        fallbacks = Counter.builder(FALLBACKS)
                .description("Rate-limit decisions made by the outage policy instead of Redis")
                .baseUnit("requests")
                .tag(POLICY_TAG, policy.wireName())
                .register(registry);
        broadcastFailures = Counter.builder(BROADCAST_FAILURES)
                .description("Key changes that could not be published to the other nodes")
                .baseUnit("messages")
                .register(registry);
        broadcastReceived = Counter.builder(BROADCAST_RECEIVED)
                .description("Key changes received from the cluster and applied to the local caches")
                .baseUnit("messages")
                .register(registry);
        hotKeyLocal = Counter.builder(HOT_KEY_LOCAL)
                .description("Hot-key mode: decisions made from this node's reservation, without a round trip")
                .baseUnit("requests")
                .register(registry);
        giveBacks = Counter.builder(HOT_KEY_GIVE_BACKS)
                .description("Hot-key mode: round trips that gave unused reserved requests back (off the request path)")
                .baseUnit("calls")
                .register(registry);
        givenBack = Counter.builder(HOT_KEY_GIVEN_BACK)
                .description("Hot-key mode: reserved requests given back unused")
                .baseUnit("requests")
                .register(registry);
    }
}
