package io.keygate.redis;

import io.keygate.service.ApiKeyService;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Redis backends of one node: a {@link RedisRateLimiter} shared by the whole cluster and, once
 * {@link #attach attached} to the node's {@link ApiKeyService}, the {@link RedisRevocationBroadcast}. It owns one
 * Lettuce client with its own small thread pools (2 I/O, 2 computation, 1 timer), one command connection (rate
 * limits and PUBLISH; on a cluster, one multiplexed connection per master behind it) and one pub/sub connection.
 * The URL chooses the topology: one Redis, a Sentinel-managed master or a Redis Cluster ({@link RedisSettings#url}).
 *
 * <pre>{@code
 * RedisKeygate redis = RedisKeygate.create(RedisSettings.builder("redis://10.0.0.5:6379/0").build());
 * Keygate keygate = Keygate.builder().store(store).rateLimiter(redis.rateLimiter()).build();
 * redis.attach(keygate.service());
 * ...
 * keygate.close();   // closes the rate limiter, which closes this RedisKeygate
 * }</pre>
 *
 * <p>Starting never fails because Redis is down: {@link #create} and {@link #attach} wait at most the connect
 * timeout (plus 0.5 s) for the first connection, then connections are made in the background and retried every
 * retry interval; until then the outage policy decides.
 */
public final class RedisKeygate implements AutoCloseable {

    /** ServletContext attribute under which {@link RedisKeygateListener} publishes the instance it built. */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.redis.RedisKeygate";

    private static final System.Logger LOG = System.getLogger(RedisKeygate.class.getName());
    private static final int IO_THREADS = 2;
    private static final int COMPUTATION_THREADS = 2;
    static final int REQUEST_QUEUE_SIZE = 10_000;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    /** Beyond the connect timeout, for the handshake after the TCP connection. */
    private static final Duration STARTUP_SLACK = Duration.ofMillis(500);

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClients clients;
    private final RedisMetrics metrics;
    private final RetryingConnection<RedisLink> commands;
    private final RedisRateLimiter rateLimiter;
    private final Object lock = new Object();
    private volatile RedisRevocationBroadcast broadcast;
    private boolean closed;

    private RedisKeygate(RedisSettings settings, Clock clock, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        Objects.requireNonNull(registry, "registry cannot be null");
        this.metrics = new RedisMetrics(registry, settings.outagePolicy());
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(IO_THREADS)
                .computationThreadPoolSize(COMPUTATION_THREADS)
                // Lettuce's default backoff grows to 30 s; cap it so service comes back soon after Redis does
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), settings.retryInterval(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.clients = new RedisClients(settings, resources);
        clients.client().addListener(new SubscriptionStateListener());
        this.commands = new RetryingConnection<>("rate limiter", clients::connectCommands,
                CompletableFuture::completedFuture, RedisLink::connection, resources.eventExecutorGroup(),
                settings.retryInterval());
        this.rateLimiter = new RedisRateLimiter(commands::current, settings, clock, metrics,
                new Breakers(settings.retryInterval().toNanos(), System::nanoTime), resources.eventExecutorGroup(),
                this::close);
        commands.start();
        commands.awaitFirstAttempt(settings.connectTimeout().plus(STARTUP_SLACK));
        LOG.log(Level.INFO, "keygate: Redis backends " + settings.describe());
    }

    /** With the system UTC clock and Micrometer's global registry. */
    public static RedisKeygate create(RedisSettings settings) {
        return create(settings, Clock.systemUTC(), Metrics.globalRegistry);
    }

    /**
     * @param clock    the clock of the rate-limit windows; use the same one as the {@code Keygate}
     * @param registry where the {@code apikey.ratelimit.*} meters are registered
     */
    public static RedisKeygate create(RedisSettings settings, Clock clock, MeterRegistry registry) {
        return new RedisKeygate(settings, clock, registry);
    }

    public RedisSettings settings() {
        return settings;
    }

    /** The cluster-wide rate limiter; closing it closes this whole instance. */
    public RedisRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** The broadcast attached so far, or null. */
    public RedisRevocationBroadcast broadcast() {
        return broadcast;
    }

    /**
     * Starts the revocation broadcast for {@code service}: registers it as a {@code RevocationListener} (so this
     * node's revokes and rotations are published) and subscribes to the channel (so other nodes' changes evict
     * this node's caches). Idempotent for the same service.
     *
     * @throws IllegalStateException if already attached to another service, or closed
     */
    public RedisRevocationBroadcast attach(ApiKeyService service) {
        Objects.requireNonNull(service, "service cannot be null");
        RedisRevocationBroadcast b;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("this RedisKeygate is closed");
            }
            if (broadcast != null) {
                if (broadcast.service() != service) {
                    throw new IllegalStateException("the revocation broadcast is already attached to another "
                            + "ApiKeyService; use one RedisKeygate per Keygate");
                }
                return broadcast;
            }
            b = new RedisRevocationBroadcast(service, settings.channel(), commands::current,
                    self -> new RetryingConnection<StatefulRedisPubSubConnection<String, String>>(
                            "revocation broadcast", clients::connectPubSub, self::subscribe, c -> c,
                            resources.eventExecutorGroup(), settings.retryInterval()),
                    metrics, settings.commandTimeout());
            broadcast = b;
        }
        service.addListener(b);
        b.start();
        b.awaitStarted(settings.connectTimeout().plus(STARTUP_SLACK));
        return b;
    }

    /** Releases the broadcast, the connections, the Lettuce client and its threads. Idempotent. */
    @Override
    public void close() {
        RedisRevocationBroadcast b;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            b = broadcast;
        }
        if (b != null) {
            b.close();
        }
        rateLimiter.shutdown();
        commands.close();
        clients.client().shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() + 1000);
        LOG.log(Level.INFO, "keygate: Redis backends closed");
    }

    /** Tells the broadcast when its own connection drops or comes back (to log once per outage). */
    private final class SubscriptionStateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            RedisRevocationBroadcast b = broadcast;
            if (b != null && b.isSubscriptionConnection(connection)) {
                b.connectionChanged(true);
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            RedisRevocationBroadcast b = broadcast;
            if (b != null && b.isSubscriptionConnection(connection)) {
                b.connectionChanged(false);
            }
        }
    }
}
