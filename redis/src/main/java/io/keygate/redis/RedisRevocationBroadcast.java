package io.keygate.redis;

import io.keygate.service.ApiKeyService;
import io.keygate.service.RevocationListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Carries key changes (revoke, rotate) to every node of a cluster over Redis pub/sub. Obtain it with
 * {@link RedisKeygate#attach(ApiKeyService)}, which registers it with the node's {@link ApiKeyService}.
 *
 * <ul>
 *   <li>Sending: {@link #keyChanged} PUBLISHes the key's hash (64 hex characters, never the key) on the channel,
 *       waiting at most the command timeout. A failure is logged at WARN and counted
 *       ({@code apikey.revocation.broadcast.failures}); the revocation itself is already durable in the store
 *       and the local caches are already evicted.</li>
 *   <li>Receiving: a subscription on its own connection hands every well-formed hash to
 *       {@link ApiKeyService#applyRemoteChange}, which evicts the local caches without broadcasting again. A node
 *       also receives its own messages; evicting twice is harmless.</li>
 *   <li>Delivery is at most once. A node that is disconnected from Redis misses the messages sent meanwhile
 *       (Lettuce reconnects and resubscribes by itself; the loss is logged at WARN once per outage). Such a node
 *       serves a revoked key from its cache until the cache entry expires: the filter's cache TTL is the bound on
 *       staleness.</li>
 * </ul>
 */
public final class RedisRevocationBroadcast implements RevocationListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisRevocationBroadcast.class.getName());
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final ApiKeyService service;
    private final String channel;
    private final Supplier<RedisLink> publisher;
    private final RetryingConnection<StatefulRedisPubSubConnection<String, String>> subscription;
    private final RedisMetrics metrics;
    private final java.time.Duration timeout;
    private volatile boolean subscribed;
    private volatile boolean lost;

    RedisRevocationBroadcast(ApiKeyService service, String channel,
                             Supplier<RedisLink> publisher,
                             java.util.function.Function<RedisRevocationBroadcast,
                                     RetryingConnection<StatefulRedisPubSubConnection<String, String>>> subscriber,
                             RedisMetrics metrics, java.time.Duration timeout) {
        this.service = Objects.requireNonNull(service, "service cannot be null");
        this.channel = Objects.requireNonNull(channel, "channel cannot be null");
        this.publisher = Objects.requireNonNull(publisher, "publisher cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
        this.subscription = subscriber.apply(this);
    }

    ApiKeyService service() {
        return service;
    }

    void start() {
        subscription.start();
    }

    void awaitStarted(java.time.Duration timeout) {
        subscription.awaitFirstAttempt(timeout);
    }

    @Override
    public boolean broadcasts() {
        return true;
    }

    @Override
    public void keyChanged(String keyHash) {
        if (keyHash == null || !HASH.matcher(keyHash).matches()) {
            // only hashes go on the wire: anything else could be a secret handed in by mistake
            LOG.log(Level.WARNING, "keygate: not broadcasting a key change whose hash is not 64 lowercase hex");
            return;
        }
        RedisLink c = publisher.get();
        try {
            if (c == null) {
                throw new IllegalStateException("not connected to Redis");
            }
            c.publish(channel, keyHash).get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            metrics.broadcastFailures.increment();
            LOG.log(Level.WARNING, "keygate: could not broadcast a key change to the other nodes ("
                    + RetryingConnection.rootMessage(e) + "); they drop the key when their cache entry expires");
        }
    }

    /** True while the subscription is established (for readiness checks and tests). */
    public boolean subscribed() {
        StatefulRedisPubSubConnection<String, String> c = subscription.current();
        return subscribed && c != null && c.isOpen();
    }

    /** Subscribes the new connection; Lettuce re-subscribes it by itself after every reconnect. */
    java.util.concurrent.CompletionStage<?> subscribe(StatefulRedisPubSubConnection<String, String> c) {
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                received(message);
            }

            @Override
            public void subscribed(String from, long count) {
                RedisRevocationBroadcast.this.subscribed = true;
            }
        });
        return c.async().subscribe(channel);
    }

    /** Called by {@link RedisKeygate} when the subscription connection is lost or back. */
    void connectionChanged(boolean up) {
        if (!up) {
            subscribed = false;
            if (!lost) {
                lost = true;
                LOG.log(Level.WARNING, "keygate: revocation broadcast lost its Redis subscription; revocations made"
                        + " on other nodes meanwhile reach this node only when its cache entries expire");
            }
        } else if (lost) {
            lost = false;
            LOG.log(Level.INFO, "keygate: revocation broadcast reconnected to Redis (Lettuce re-subscribes)");
        }
    }

    boolean isSubscriptionConnection(Object connection) {
        return connection != null && connection == subscription.current();
    }

    private void received(String message) {
        if (message == null || !HASH.matcher(message).matches()) {
            return;
        }
        metrics.broadcastReceived.increment();
        try {
            service.applyRemoteChange(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "keygate: applying a key change from the cluster failed: " + e);
        }
    }

    @Override
    public void close() {
        service.removeListener(this);
        subscription.close();
        subscribed = false;
    }
}
