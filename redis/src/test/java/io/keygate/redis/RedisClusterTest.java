package io.keygate.redis;

import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.redis.testing.RedisCluster;
import io.keygate.redis.testing.RedisProcesses;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.service.RevocationListener;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of the test's own (three masters, three replicas; {@link RedisCluster}), started once for this
 * class. Each "node" is its own {@link RedisKeygate} (own Lettuce cluster client), as on separate application
 * servers. The last test kills a master.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** Scheduling slack on a shared 2-core machine; a hang without timeouts would exceed it by far. */
    static final long MARGIN_MILLIS = 400;
    static final int BUCKETS = 48;

    private RedisCluster cluster;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final String prefix = "keygate:cluster:" + UUID.randomUUID() + ":";
    private final String channel = prefix + "revocations";

    @BeforeAll
    void startCluster() {
        RedisProcesses.requireBinaries();
        long start = System.nanoTime();
        cluster = RedisCluster.start();
        System.out.println("RedisClusterTest: cluster of 6 nodes up in " + (System.nanoTime() - start) / 1_000_000
                + " ms");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    private RedisKeygate node(MutableClock clock, RedisSettings.Builder settings) {
        RedisKeygate node = RedisKeygate.create(settings.keyPrefix(prefix).channel(channel).build(), clock, registry);
        resources.add(node);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.rateLimiter()
                .tryAcquire("warm-up", List.of(new Limit(1_000_000, 1))) instanceof RateLimitDecision.Admitted a
                && a.window() != null);
        return node;
    }

    private RedisSettings.Builder settings() {
        // closed: a Redis failure shows as Unavailable instead of hiding in a local count
        return RedisSettings.builder(cluster.url()).outagePolicy(OutagePolicy.CLOSED)
                .commandTimeout(Duration.ofSeconds(2));
    }

    private static String bucket(int i) {
        return "key_cluster_" + i;
    }

    @Test
    @Order(1)
    void tryAcquireWhen64ThreadsOnTwoNodesRaceOverBucketsInManySlotsThenEachWindowAdmitsExactlyItsLimit()
            throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(3600, 5_000);
        RedisRateLimiter a = node(clock, settings()).rateLimiter();
        RedisRateLimiter b = node(clock, settings()).rateLimiter();
        List<Limit> plan = List.of(new Limit(15, 60), new Limit(40, 3600));

        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicInteger> admitted = race(64, 30, () -> bucket(next.getAndIncrement() % BUCKETS),
                bucket -> (ThreadLocalRandom.current().nextBoolean() ? a : b).tryAcquire(bucket, plan));

        Set<Integer> slots = new HashSet<>();
        Set<Integer> masters = new HashSet<>();
        long minute = clock.millis() / 1000 / 60 * 60;
        long hour = clock.millis() / 1000 / 3600 * 3600;
        for (int i = 0; i < BUCKETS; i++) {
            assertThat(admitted.get(bucket(i))).as("admitted for %s", bucket(i)).hasValue(15);
            String minuteKey = prefix + "{" + bucket(i) + "}:60:" + minute;
            String hourKey = prefix + "{" + bucket(i) + "}:3600:" + hour;
            int slot = cluster.slot(minuteKey);
            assertThat(cluster.slot(hourKey)).as("both windows of a bucket in one slot").isEqualTo(slot);
            slots.add(slot);
            masters.add(cluster.masterOf(slot));
            assertThat(RedisProcesses.cli(cluster.masterOf(slot), "GET", minuteKey).trim()).isEqualTo("15");
        }
        assertThat(admitted.get("unavailable")).as("no request fell back").hasValue(0);
        assertThat(slots).as("buckets spread over slots").hasSizeGreaterThan(BUCKETS * 3 / 4);
        assertThat(masters).as("buckets spread over every master").hasSize(3);
    }

    @Test
    @Order(2)
    void tryAcquireInHotKeyModeWhen64ThreadsOnThreeNodesRaceThenNoWindowAdmitsMoreThanItsLimit() throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(86_400, 5_000);
        List<RedisRateLimiter> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(node(clock, settings().hotKeyPlans(List.of("hot")).hotKeyBatch(10)
                    .hotKeyIdle(Duration.ofMinutes(5))).rateLimiter());
        }
        // a multi-window plan: the hour runs out first, the day counts every reservation too
        List<Limit> plan = List.of(new Limit(100, 3600), new Limit(130, 86_400));
        int buckets = 12;

        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicInteger> admitted = race(64, 60, () -> "hot_" + next.getAndIncrement() % buckets,
                bucket -> nodes.get(ThreadLocalRandom.current().nextInt(3)).tryAcquire(bucket, "hot", plan));

        long hour = clock.millis() / 1000 / 3600 * 3600;
        long day = clock.millis() / 1000 / 86_400 * 86_400;
        int strandedMax = 0;
        for (int i = 0; i < buckets; i++) {
            int n = admitted.get("hot_" + i).get();
            assertThat(n).as("admitted for hot_%d", i).isLessThanOrEqualTo(100)
                    .as("refused while other nodes held reservations: at most 3 nodes x (batch - 1)")
                    .isGreaterThanOrEqualTo(100 - 3 * 9);
            strandedMax = Math.max(strandedMax, 100 - n);
        }
        assertThat(admitted.get("unavailable")).hasValue(0);
        long held = nodes.stream().mapToLong(RedisRateLimiter::reservedUnused).sum();

        nodes.forEach(RedisRateLimiter::giveBackReservations);

        for (int i = 0; i < buckets; i++) {
            String tag = prefix + "{hot_" + i + "}:";
            int master = cluster.masterOf(cluster.slot(tag + "3600:" + hour));
            String n = Integer.toString(admitted.get("hot_" + i).get());
            assertThat(RedisProcesses.cli(master, "GET", tag + "3600:" + hour).trim())
                    .as("after giving back, the hour counter is exactly what was admitted").isEqualTo(n);
            assertThat(RedisProcesses.cli(master, "GET", tag + "86400:" + day).trim()).isEqualTo(n);
        }
        // what was held comes back: the next requests fill each hour up to exactly 100
        Map<String, AtomicInteger> more = race(8, 60, () -> "hot_" + next.getAndIncrement() % buckets,
                bucket -> nodes.get(ThreadLocalRandom.current().nextInt(3)).tryAcquire(bucket, "hot", plan));
        nodes.forEach(RedisRateLimiter::giveBackReservations);
        for (int i = 0; i < buckets; i++) {
            assertThat(admitted.get("hot_" + i).get() + more.getOrDefault("hot_" + i, new AtomicInteger()).get())
                    .as("hot_%d over both rounds", i).isEqualTo(100);
        }
        System.out.println("RedisClusterTest: hot-key mode, 3 nodes, batch 10: at most " + strandedMax
                + " of 100 refused while other nodes held reservations; " + held + " units held after the race");
    }

    @Test
    @Order(3)
    void masterKilledMidTestThenReplicaTakesOverPolicyAppliesNoCallHangsAndRevocationsStillReachEveryNode()
            throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(3600, 5_000);
        RedisSettings.Builder fast = RedisSettings.builder(cluster.url()).outagePolicy(OutagePolicy.CLOSED)
                .commandTimeout(COMMAND_TIMEOUT).retryInterval(Duration.ofMillis(200))
                .topologyRefresh(Duration.ofSeconds(1));
        Node a = attached(node(clock, fast));
        Node b = attached(node(clock, fast));
        List<Limit> large = List.of(new Limit(1_000_000, 3600));

        // kill a master that holds a node's subscription if there is one, so the broadcast must move
        int victim = cluster.masters().stream().filter(p -> subscribers(p) > 0).findFirst()
                .orElse(cluster.masterOf(cluster.slot(prefix + "{" + bucket(0) + "}:3600:0")));
        boolean subscriptionOnVictim = subscribers(victim) > 0;
        Set<String> victimBuckets = new HashSet<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (cluster.masterOf(cluster.slot(prefix + "{" + bucket(i) + "}:3600:0")) == victim) {
                victimBuckets.add(bucket(i));
            }
        }

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong slowest = new AtomicLong();
        Map<String, AtomicInteger> unavailableByBucket = new ConcurrentHashMap<>();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    String bucket = bucket(ThreadLocalRandom.current().nextInt(BUCKETS));
                    long start = System.nanoTime();
                    try {
                        RateLimitDecision d = (ThreadLocalRandom.current().nextBoolean() ? a : b).limiter
                                .tryAcquire(bucket, large);
                        if (d instanceof RateLimitDecision.Unavailable u) {
                            assertThat(u.retryAfterSeconds()).isEqualTo(1);
                            unavailableByBucket.computeIfAbsent(bucket, k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            assertThat(d).isInstanceOf(RateLimitDecision.Admitted.class);
                        }
                    } catch (Throwable e) {
                        escaped.add(e);
                    }
                    slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
            }));
        }
        try {
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> escaped.isEmpty());
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            Duration failover = cluster.awaitHealthy();
            // Redis decides again for every bucket, on the promoted replica too
            List<String> lastMiss = new CopyOnWriteArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (int i = 0; i < BUCKETS; i++) {
                    RateLimitDecision da = a.limiter.tryAcquire(bucket(i), large);
                    RateLimitDecision db = b.limiter.tryAcquire(bucket(i), large);
                    if (!(da instanceof RateLimitDecision.Admitted) || !(db instanceof RateLimitDecision.Admitted)) {
                        lastMiss.add(bucket(i) + " " + da + " " + db);
                        return false;
                    }
                }
                lastMiss.add("degraded " + a.limiter.degraded() + " " + b.limiter.degraded());
                return !a.limiter.degraded() && !b.limiter.degraded();
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Redis did not decide again: last misses "
                        + lastMiss.subList(Math.max(0, lastMiss.size() - 3), lastMiss.size()), e);
            }
            long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            int onVictim = unavailableByBucket.entrySet().stream().filter(e -> victimBuckets.contains(e.getKey()))
                    .mapToInt(e -> e.getValue().get()).sum();
            int elsewhere = unavailableByBucket.entrySet().stream().filter(e -> !victimBuckets.contains(e.getKey()))
                    .mapToInt(e -> e.getValue().get()).sum();
            System.out.println("RedisClusterTest: master :" + victim + " killed (held a subscription: "
                    + subscriptionOnVictim + "); cluster healthy after " + failover.toMillis()
                    + " ms; both nodes decide in Redis again " + backMillis + " ms after the kill; 503s (closed) "
                    + onVictim + " on the killed shard's buckets, " + elsewhere + " elsewhere; slowest call "
                    + slowest.get() + " ms");
            assertThat(escaped).as("exceptions escaping tryAcquire").isEmpty();
            assertThat(slowest.get()).as("slowest tryAcquire during the failover")
                    .isLessThanOrEqualTo(COMMAND_TIMEOUT.toMillis() + MARGIN_MILLIS);
            assertThat(onVictim).as("the closed policy answered for the killed shard's buckets").isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        // after the failover: exact again, and revocations reach both nodes
        clock.advance(Duration.ofHours(1));
        List<Limit> plan = List.of(new Limit(10, 3600));
        AtomicInteger next = new AtomicInteger();
        Map<String, AtomicInteger> admitted = race(64, 24, () -> bucket(next.getAndIncrement() % BUCKETS),
                bucket -> (ThreadLocalRandom.current().nextBoolean() ? a : b).limiter.tryAcquire(bucket, plan));
        for (int i = 0; i < BUCKETS; i++) {
            assertThat(admitted.get(bucket(i))).as("admitted for %s after the failover", bucket(i)).hasValue(10);
        }
        assertThat(admitted.get("unavailable")).hasValue(0);
        assertRevocationsReach(a, b);
        assertRevocationsReach(b, a);
    }

    @Test
    @Order(4)
    void masterKilledWhenPolicyIsLocalThenItsBucketsAreCountedInProcessAndTheOtherShardsStayInRedis()
            throws Exception {
        MutableClock clock = TestClocks.atWindowOffset(3600, 5_000);
        RedisRateLimiter a = node(clock, RedisSettings.builder(cluster.url()).outagePolicy(OutagePolicy.LOCAL)
                .commandTimeout(COMMAND_TIMEOUT).retryInterval(Duration.ofSeconds(5))
                .topologyRefresh(Duration.ofSeconds(1))).rateLimiter();
        List<Limit> three = List.of(new Limit(3, 3600));
        int victim = cluster.mastersWithLiveReplica().get(0);
        String onVictim = null;
        String elsewhere = null;
        for (int i = 0; onVictim == null || elsewhere == null; i++) {
            String bucket = "key_local_" + i;
            boolean hit = cluster.masterOf(cluster.slot(prefix + "{" + bucket + "}:3600:0")) == victim;
            if (hit && onVictim == null) {
                onVictim = bucket;
            } else if (!hit && elsewhere == null) {
                elsewhere = bucket;
            }
        }
        double fallbacksBefore = registry.get(RedisMetrics.FALLBACKS).tag("policy", "local").counter().count();

        cluster.kill(victim);
        io.keygate.limit.InProcessRateLimiter expected = new io.keygate.limit.InProcessRateLimiter(clock);
        List<RateLimitDecision> local = new ArrayList<>();
        List<RateLimitDecision> wanted = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            local.add(a.tryAcquire(onVictim, three));
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            wanted.add(expected.tryAcquire(onVictim, three));
        }
        int redisAdmitted = 0;
        for (int i = 0; i < 5; i++) {
            redisAdmitted += a.tryAcquire(elsewhere, three) instanceof RateLimitDecision.Admitted ? 1 : 0;
        }
        String elsewhereKey = prefix + "{" + elsewhere + "}:3600:" + clock.millis() / 1000 / 3600 * 3600;
        String elsewhereCount = RedisProcesses.cli(cluster.masterOf(cluster.slot(elsewhereKey)), "GET", elsewhereKey)
                .trim();
        cluster.awaitHealthy();

        assertThat(local).as("the killed shard's bucket: the in-process limiter's decisions").isEqualTo(wanted);
        assertThat(local).filteredOn(d -> d instanceof RateLimitDecision.Admitted).hasSize(3);
        assertThat(registry.get(RedisMetrics.FALLBACKS).tag("policy", "local").counter().count() - fallbacksBefore)
                .isEqualTo(5);
        assertThat(slowest).isLessThanOrEqualTo(COMMAND_TIMEOUT.toMillis() + MARGIN_MILLIS);
        assertThat(redisAdmitted).as("another shard's bucket still counted in Redis").isEqualTo(3);
        assertThat(elsewhereCount).isEqualTo("3");
    }

    private int subscribers(int port) {
        String[] out = RedisProcesses.cli(port, "PUBSUB", "NUMSUB", channel).trim().split("\r?\n");
        return out.length < 2 ? 0 : Integer.parseInt(out[1].trim());
    }

    private void assertRevocationsReach(Node from, Node to) {
        CreatedKey key = from.service.create(NewKey.builder("acme", Owner.user("u1")).name("cluster").build());
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            // re-sent until it arrives: a subscription may still be moving to another node
            from.service.revoke(key.key().id());
            return to.received.contains(key.key().hash());
        });
        System.out.println("RedisClusterTest: a revocation reached the other node " + (System.nanoTime() - start)
                / 1_000_000 + " ms after the first attempt");
    }

    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();

    private Node attached(RedisKeygate redis) {
        ApiKeyService service = new ApiKeyService(store);
        RedisRevocationBroadcast broadcast = redis.attach(service);
        List<String> received = new CopyOnWriteArrayList<>();
        service.addListener(new RevocationListener() {
            @Override
            public void keyChanged(String keyHash) {
                received.add(keyHash);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(broadcast::subscribed);
        return new Node(redis.rateLimiter(), service, received);
    }

    private record Node(RedisRateLimiter limiter, ApiKeyService service, List<String> received) {
    }

    /**
     * {@code threads × perThread} calls released together, each on a bucket from {@code buckets}; admitted per bucket,
     * and the count of Unavailable under "unavailable".
     */
    static Map<String, AtomicInteger> race(int threads, int perThread, java.util.function.Supplier<String> buckets,
                                           java.util.function.Function<String, RateLimitDecision> call)
            throws Exception {
        Map<String, AtomicInteger> admitted = new ConcurrentHashMap<>();
        admitted.put("unavailable", new AtomicInteger());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String bucket = buckets.get();
                        RateLimitDecision d = call.apply(bucket);
                        if (d instanceof RateLimitDecision.Admitted) {
                            admitted.computeIfAbsent(bucket, k -> new AtomicInteger()).incrementAndGet();
                        } else if (d instanceof RateLimitDecision.Unavailable) {
                            admitted.get("unavailable").incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            return new HashMap<>(admitted);
        } finally {
            pool.shutdownNow();
        }
    }
}
