package io.keygate.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Lettuce client for the configured endpoint: a {@link RedisClient} for one Redis or a Sentinel-managed master
 * (Lettuce asks the sentinels for the master at every (re)connection), a {@link RedisClusterClient} for a Redis
 * Cluster. Both get the same behaviour on failure: commands are rejected at once while a connection is down
 * (no queueing until a timeout), every command times out after the command timeout, and connections are re-made
 * in the background.
 *
 * <p>Cluster topology: re-read every {@code topology-refresh-ms} and, adaptively, as soon as Lettuce sees a
 * {@code MOVED}/{@code ASK} redirection, an uncovered slot, an unknown node or repeated reconnection attempts (a
 * master that went away). Adaptive refreshes are spaced by at least the retry interval, so during a failover the
 * topology is re-read about once per retry interval until the promoted replica shows up. Refreshes ask every
 * known node ({@code dynamicRefreshSources}) and close connections to nodes that left.
 */
final class RedisClients {

    private final RedisEndpoint endpoint;
    private final AbstractRedisClient client;

    RedisClients(RedisSettings settings, ClientResources resources) {
        this.endpoint = settings.endpoint();
        for (RedisURI uri : endpoint.nodes()) {
            uri.setTimeout(settings.commandTimeout());
        }
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true)
                .build();
        if (endpoint.kind() == RedisEndpoint.Kind.CLUSTER) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, endpoint.nodes());
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(RedisKeygate.REQUEST_QUEUE_SIZE)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(settings.topologyRefresh())
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(settings.retryInterval())
                            .refreshTriggersReconnectAttempts(2)
                            .dynamicRefreshSources(true)
                            .closeStaleConnections(true)
                            .build())
                    .build());
            cluster.setDefaultTimeout(settings.commandTimeout());
            this.client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources);
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .requestQueueSize(RedisKeygate.REQUEST_QUEUE_SIZE)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket)
                    .build());
            this.client = single;
        }
    }

    RedisEndpoint.Kind kind() {
        return endpoint.kind();
    }

    AbstractRedisClient client() {
        return client;
    }

    CompletableFuture<RedisLink> connectCommands() {
        if (client instanceof RedisClusterClient cluster) {
            // the first connection needs the topology: read it from the seeds without blocking a thread
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectAsync(StringCodec.UTF8))
                    .thenApply(RedisLink.Cluster::new);
        }
        return ((RedisClient) client).connectAsync(StringCodec.UTF8, single()).toCompletableFuture()
                .thenApply(RedisLink.Single::new);
    }

    /**
     * A pub/sub connection. On a cluster it is one connection to one node (PUBLISH reaches every node of a cluster
     * over the cluster bus, so one subscription anywhere hears every message); when that node goes away, Lettuce
     * reconnects to another node of the topology and subscribes again.
     */
    CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSub() {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(loaded -> cluster.connectPubSubAsync(StringCodec.UTF8))
                    .thenApply(c -> (StatefulRedisPubSubConnection<String, String>) c);
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, single()).toCompletableFuture();
    }

    private RedisURI single() {
        List<RedisURI> nodes = endpoint.nodes();
        return nodes.get(0);
    }
}
