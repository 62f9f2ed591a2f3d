package io.keygate.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.util.concurrent.CompletableFuture;

/**
 * The command connection of one node, whatever the topology: scripts (rate limits) and PUBLISH (revocations). A
 * standalone or Sentinel connection is one multiplexed connection; a cluster connection routes each script call to
 * the master of its keys' slot and follows topology changes. Either way, concurrent requests share the connection
 * and Lettuce pipelines their commands on it (no connection per request, no waiting for one another's replies).
 */
sealed interface RedisLink {

    StatefulConnection<String, String> connection();

    RedisScriptingAsyncCommands<String, String> scripts();

    CompletableFuture<Long> publish(String channel, String message);

    /**
     * The part of Redis that serves {@code key}: {@code ""} for one Redis, the master's node id in a cluster. Each
     * shard has its own circuit breaker, so a failing shard does not send every other shard's buckets to the outage
     * policy.
     */
    String shardOf(String key);

    /** Node ids of the masters serving slots now (cluster), or {@code [""]}. */
    java.util.Set<String> shards();

    record Single(StatefulRedisConnection<String, String> connection) implements RedisLink {
        @Override
        public RedisScriptingAsyncCommands<String, String> scripts() {
            return connection.async();
        }

        @Override
        public CompletableFuture<Long> publish(String channel, String message) {
            return connection.async().publish(channel, message).toCompletableFuture();
        }

        @Override
        public String shardOf(String key) {
            return "";
        }

        @Override
        public java.util.Set<String> shards() {
            return java.util.Set.of("");
        }
    }

    record Cluster(StatefulRedisClusterConnection<String, String> connection) implements RedisLink {
        @Override
        public RedisScriptingAsyncCommands<String, String> scripts() {
            return connection.async();
        }

        @Override
        public CompletableFuture<Long> publish(String channel, String message) {
            return connection.async().publish(channel, message).toCompletableFuture();
        }

        @Override
        public String shardOf(String key) {
            RedisClusterNode node = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
            return node == null ? "?" : node.getNodeId();
        }

        @Override
        public java.util.Set<String> shards() {
            Partitions partitions = connection.getPartitions();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (RedisClusterNode n : partitions) {
                if (n.getRole().isUpstream() && !n.getSlots().isEmpty()
                        && !n.is(RedisClusterNode.NodeFlag.FAIL)) {
                    ids.add(n.getNodeId());
                }
            }
            ids.add("?");
            return ids;
        }
    }
}
