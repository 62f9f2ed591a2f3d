package io.keygate.bench.redis;

import io.keygate.bench.Args;
import io.keygate.bench.report.ResultLog;
import io.keygate.limit.Limit;
import io.keygate.redis.OutagePolicy;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Heap a node spends per bucket that holds a hot-key reservation (two-window plan): the difference of heap used
 * after forced full GCs before and after {@code --buckets} buckets reserved, against the Redis at
 * {@code --redis-url} under a key prefix of its own. Run it with the serial collector:
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseSerialGC -cp bench/target/benchmarks.jar io.keygate.bench.redis.ReservationHeapRun \
 *      --buckets 50000
 * </pre>
 */
public final class ReservationHeapRun {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String url = args.text("redis-url", System.getenv().getOrDefault("KEYGATE_BENCH_REDIS_URL",
                "redis://127.0.0.1:6379"));
        int buckets = args.integer("buckets", 50_000);
        String prefix = "keygate:bench:heap:" + System.nanoTime() + ":";
        try (RedisKeygate redis = RedisKeygate.create(RedisSettings.builder(url).outagePolicy(OutagePolicy.CLOSED)
                .keyPrefix(prefix).broadcast(false)
                .commandTimeout(Duration.ofSeconds(2)).hotKeyForAllPlans().hotKeyBatch(10)
                .hotKeyIdle(Duration.ofMinutes(10)).build(), Clock.systemUTC(), new SimpleMeterRegistry())) {
            List<Limit> plan = List.of(new Limit(100, 3600), new Limit(10_000, 86_400));
            redis.rateLimiter().tryAcquire("k:warm-up", "starter", plan);
            long before = used();
            for (int i = 0; i < buckets; i++) {
                redis.rateLimiter().tryAcquire("k:key_" + String.format("%022d", i), "starter", plan);
            }
            long after = used();
            long held = redis.rateLimiter().reservedUnused();
            if (held < (long) buckets * 9) {
                throw new IllegalStateException("only " + held + " units held: Redis did not grant every batch");
            }
            ResultLog.record("hotkey-heap", "reservation.bytes-per-bucket", (double) (after - before) / buckets,
                    "bytes", buckets + " buckets with a reservation of a two-window plan (hour + day), batch 10");
        } finally {
            deleteKeys(url, prefix);
        }
    }

    /** The day counters would stay for up to a day: remove this run's keys (and only them). */
    private static void deleteKeys(String url, String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
        try (var c = client.connect()) {
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                io.lettuce.core.KeyScanCursor<String> page = c.sync().scan(cursor,
                        io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
