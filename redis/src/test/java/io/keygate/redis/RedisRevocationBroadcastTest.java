package io.keygate.redis;

import io.keygate.keys.Owner;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.service.RevocationListener;
import io.keygate.store.InMemoryApiKeyStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two nodes (own RedisKeygate, own ApiKeyService) over one store: a revoke on A reaches B's caches. */
class RedisRevocationBroadcastTest {

    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String channel = "keygate:test:" + UUID.randomUUID() + ":revocations";

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** A node's service, with the broadcast attached and a recorder standing in for the filter's cache. */
    private Node node(String url) {
        ApiKeyService service = new ApiKeyService(store);
        RedisKeygate redis = RedisKeygate.create(RedisSettings.builder(url).channel(channel)
                .retryInterval(Duration.ofMillis(100)).build(), Clock.systemUTC(), registry);
        resources.add(redis);
        Node node = new Node(service, redis.attach(service), new Recorder());
        service.addListener(node.cache);
        await().atMost(Duration.ofSeconds(5)).until(node.broadcast::subscribed);
        return node;
    }

    private static CreatedKey createKey(ApiKeyService service) {
        return service.create(NewKey.builder("acme", Owner.user("u1")).name("broadcast").build());
    }

    @Test
    void revokeOnNodeAThenNodeBEvictsTheKeyWithinOneSecond() {
        io.keygate.testing.Services.requireRedis();
        Node a = node(TestRedis.URL);
        Node b = node(TestRedis.URL);
        CreatedKey key = createKey(a.service);

        long revokedAt = System.nanoTime();
        a.service.revoke(key.key().id());

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(() -> b.cache.received(key.key().hash()) > 0);
        long delayMicros = (b.cache.firstArrival(key.key().hash()) - revokedAt) / 1_000;
        System.out.println("RedisRevocationBroadcastTest: revoke on A reached B's listener after "
                + delayMicros + " µs");
        assertThat(delayMicros).isLessThan(1_000_000);
        assertThat(registry.get(RedisMetrics.BROADCAST_RECEIVED).counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rotateOnNodeAThenNodeBEvictsTheOldKeyAndNobodyRepublishesIt() throws Exception {
        io.keygate.testing.Services.requireRedis();
        Node a = node(TestRedis.URL);
        Node b = node(TestRedis.URL);
        CreatedKey key = createKey(a.service);
        List<String> onTheWire = listen(TestRedis.URL);

        a.service.rotate(key.key().id(), 0);
        await().atMost(Duration.ofSeconds(1)).until(() -> b.cache.received(key.key().hash()) > 0);
        publishMarkerAndAwait(TestRedis.URL, onTheWire);

        assertThat(onTheWire).as("one message for the change, then the marker: B applied it without echoing")
                .containsExactly(key.key().hash(), "marker");
    }

    @Test
    void messageThatIsNotAHashThenIsIgnored() throws Exception {
        io.keygate.testing.Services.requireRedis();
        Node b = node(TestRedis.URL);
        String valid = "ab".repeat(32);

        try (TestRedis publisher = TestRedis.at(TestRedis.URL)) {
            publisher.commands().publish(channel, "sk_live_notahash");
            publisher.commands().publish(channel, "AB".repeat(32));
            publisher.commands().publish(channel, valid);
        }

        await().atMost(Duration.ofSeconds(1)).until(() -> b.cache.received(valid) == 1);
        assertThat(b.cache.all()).containsExactly(valid);
    }

    @Test
    void subscriptionWhenRedisRestartsThenWarnsOnceResubscribesAndDeliversAgain() throws Exception {
        RedisServerProcess server = RedisServerProcess.onFreePort();
        resources.add(server);
        server.start();
        Node a = node(server.url());
        Node b = node(server.url());
        LogCapture log = LogCapture.of(RedisRevocationBroadcast.class);
        resources.add(log);

        server.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.broadcast.subscribed());
        CreatedKey lost = createKey(a.service);
        long start = System.nanoTime();
        a.service.revoke(lost.key().id());
        long revokeMillis = (System.nanoTime() - start) / 1_000_000;
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.broadcast.subscribed() && b.broadcast.subscribed());
        CreatedKey delivered = createKey(a.service);
        a.service.revoke(delivered.key().id());

        await().atMost(Duration.ofSeconds(5)).until(() -> b.cache.received(delivered.key().hash()) > 0);
        assertThat(revokeMillis).as("a revoke during the outage does not hang").isLessThan(500);
        assertThat(registry.get(RedisMetrics.BROADCAST_FAILURES).counter().count()).isEqualTo(1);
        assertThat(b.cache.received(lost.key().hash())).as("lost during the outage: the cache TTL bounds it")
                .isZero();
        assertThat(log.warnings()).filteredOn(m -> m.contains("lost its Redis subscription"))
                .as("one warning per node and outage").hasSize(2);
    }

    private List<String> listen(String url) {
        RedisClient client = RedisClient.create(url);
        resources.add(client::shutdown);
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
        List<String> messages = new CopyOnWriteArrayList<>();
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                messages.add(message);
            }
        });
        c.sync().subscribe(channel);
        return messages;
    }

    private void publishMarkerAndAwait(String url, List<String> messages) {
        try (TestRedis publisher = TestRedis.at(url)) {
            publisher.commands().publish(channel, "marker");
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> messages.contains("marker"));
    }

    private record Node(ApiKeyService service, RedisRevocationBroadcast broadcast, Recorder cache) {
    }

    /** Records what reached a node's local (non-broadcasting) listeners, and when. */
    private static final class Recorder implements RevocationListener {
        private final List<String> hashes = new CopyOnWriteArrayList<>();
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void keyChanged(String keyHash) {
            arrivals.add(System.nanoTime());
            hashes.add(keyHash);
        }

        long received(String hash) {
            return hashes.stream().filter(hash::equals).count();
        }

        synchronized long firstArrival(String hash) {
            return arrivals.get(hashes.indexOf(hash));
        }

        List<String> all() {
            return List.copyOf(hashes);
        }
    }

    /** Collects the JUL records of one class's System.Logger. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<String> warnings = new CopyOnWriteArrayList<>();

        private LogCapture(Logger logger) {
            this.logger = logger;
        }

        static LogCapture of(Class<?> type) {
            LogCapture capture = new LogCapture(Logger.getLogger(type.getName()));
            capture.logger.addHandler(capture);
            return capture;
        }

        List<String> warnings() {
            return List.copyOf(warnings);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
