package io.keygate.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link CircuitBreaker} per shard: one for a standalone or Sentinel Redis, one per master in a cluster (by node
 * id). A master that fails (or is failed over) sends only the buckets in its slots to the outage policy; the other
 * shards keep deciding in Redis. The map holds at most the current masters plus the ones seen since the last
 * topology change, and is pruned to the current topology when it grows past that.
 */
final class Breakers {

    /** Key of the breaker used while no connection exists at all. */
    static final String NOT_CONNECTED = "";
    static final int SLACK = 16;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, CircuitBreaker> byShard = new ConcurrentHashMap<>();

    Breakers(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** The breaker of {@code shard}; {@code liveShards} is read only when a new breaker is made. */
    CircuitBreaker of(String shard, java.util.function.Supplier<Set<String>> liveShards) {
        CircuitBreaker b = byShard.get(shard);
        if (b != null) {
            return b;
        }
        Set<String> live = liveShards.get();
        if (byShard.size() > 2 * live.size() + SLACK) {
            byShard.keySet().removeIf(id -> !id.equals(NOT_CONNECTED) && !live.contains(id));
        }
        return byShard.computeIfAbsent(shard, id -> new CircuitBreaker(intervalNanos, nanoTime));
    }

    /** Breakers tracked now (for tests). */
    int size() {
        return byShard.size();
    }

    CircuitBreaker notConnected() {
        return byShard.computeIfAbsent(NOT_CONNECTED, id -> new CircuitBreaker(intervalNanos, nanoTime));
    }

    /** Whether the breaker of a shard that serves slots now (or the not-connected one) is open. */
    boolean anyOpen(Set<String> liveShards) {
        for (var e : byShard.entrySet()) {
            if (e.getValue().isOpen() && (e.getKey().equals(NOT_CONNECTED) || liveShards.contains(e.getKey()))) {
                return true;
            }
        }
        return false;
    }
}
