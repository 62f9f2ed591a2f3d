package io.keygate.bench.redis;

import io.keygate.bench.Args;
import io.keygate.bench.report.ResultLog;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.redis.OutagePolicy;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisMetrics;
import io.keygate.redis.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One hot key over three nodes: three {@link RedisKeygate}s (each its own Lettuce client, as on three application
 * servers) in one JVM, each driven by its own threads, all on one bucket, against the Redis at
 * {@code --redis-url} (default {@code $KEYGATE_BENCH_REDIS_URL} or {@code redis://127.0.0.1:6379}) under a key prefix
 * of its own. Public API only: the limiter and the {@code apikey.ratelimit.*} meters.
 *
 * <ul>
 *   <li>{@code open}: a limit that is never reached; requests/s and Redis round trips per request (script calls on
 *       the request path + give-backs off it, counted by the meters) without the hot-key mode and with batches of
 *       10 and 100.</li>
 *   <li>{@code limited}: a limit of {@code --limit} per 1 s window, reached in every window; what each window admitted
 *       across the three nodes (never more than the limit; less by what other nodes held when the window ran out).</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.keygate.bench.redis.HotKeyRun --seconds 5 --threads-per-node 2
 * </pre>
 */
public final class HotKeyRun {

    private static final int NODES = 3;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String url = args.text("redis-url", System.getenv().getOrDefault("KEYGATE_BENCH_REDIS_URL",
                "redis://127.0.0.1:6379"));
        int seconds = args.integer("seconds", 5);
        int threadsPerNode = args.integer("threads-per-node", 2);
        int limit = args.integer("limit", 2000);
        String note = NODES + " nodes x " + threadsPerNode + " threads, one bucket, " + seconds + " s";
        for (int batch : new int[]{0, 10, 100}) {
            String mode = batch == 0 ? "off" : "batch-" + batch;
            Result open = run(url, batch, List.of(new Limit(1_000_000_000L, 3600)), seconds, threadsPerNode);
            ResultLog.record("hotkey", "open." + mode + ".rps", open.requests / open.seconds, "req/s",
                    note + "; limit never reached" + (batch == 0 ? "; hot-key mode off" : "; hot-key batch " + batch));
            ResultLog.record("hotkey", "open." + mode + ".round-trips-per-request",
                    (double) (open.scriptCalls + open.giveBacks) / open.requests, "round trips",
                    open.scriptCalls + " script calls + " + open.giveBacks + " give-backs for " + open.requests
                            + " requests");
            ResultLog.record("hotkey", "open." + mode + ".p99", open.p99Micros, "us", "tryAcquire, all threads");
        }
        for (int batch : new int[]{0, 10, 100}) {
            String mode = batch == 0 ? "off" : "batch-" + batch;
            Result limited = run(url, batch, List.of(new Limit(limit, 1)), seconds, threadsPerNode);
            ResultLog.record("hotkey", "limited." + mode + ".admitted-per-window.mean",
                    limited.meanAdmittedPerWindow, "requests", "limit " + limit + " per 1 s window, reached in every "
                            + "window; full windows only");
            ResultLog.record("hotkey", "limited." + mode + ".admitted-per-window.min", limited.minAdmittedPerWindow,
                    "requests", "");
            ResultLog.record("hotkey", "limited." + mode + ".admitted-per-window.max", limited.maxAdmittedPerWindow,
                    "requests", "must never exceed " + limit);
            ResultLog.record("hotkey", "limited." + mode + ".round-trips-per-request",
                    (double) (limited.scriptCalls + limited.giveBacks) / limited.requests, "round trips",
                    limited.scriptCalls + " script calls + " + limited.giveBacks + " give-backs for "
                            + limited.requests + " requests, admitted and refused");
        }
    }

    private record Result(long requests, double seconds, long scriptCalls, long giveBacks, double p99Micros,
                          double meanAdmittedPerWindow, long minAdmittedPerWindow, long maxAdmittedPerWindow) {
    }

    private static Result run(String url, int batch, List<Limit> limits, int seconds, int threadsPerNode)
            throws Exception {
        String prefix = "keygate:bench:hot:" + UUID.randomUUID() + ":";
        List<RedisKeygate> nodes = new ArrayList<>();
        List<SimpleMeterRegistry> registries = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            RedisSettings.Builder b = RedisSettings.builder(url).keyPrefix(prefix).broadcast(false)
                    .outagePolicy(OutagePolicy.CLOSED).commandTimeout(Duration.ofSeconds(2));
            if (batch > 0) {
                b.hotKeyPlans(List.of("hot")).hotKeyBatch(batch);
            }
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            registries.add(registry);
            nodes.add(RedisKeygate.create(b.build(), Clock.systemUTC(), registry));
        }
        ExecutorService pool = Executors.newFixedThreadPool(NODES * threadsPerNode);
        try {
            for (RedisKeygate n : nodes) {
                waitForRedis(n);
            }
            long scriptsBefore = sum(registries, RedisMetrics.DURATION, true);
            long giveBacksBefore = sum(registries, RedisMetrics.HOT_KEY_GIVE_BACKS, false);
            // admitted per 1 s window (epoch second), for the limited run
            java.util.concurrent.ConcurrentHashMap<Long, LongAdder> perWindow = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong unavailable = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> workers = new ArrayList<>();
            for (int t = 0; t < NODES * threadsPerNode; t++) {
                RedisKeygate node = nodes.get(t % NODES);
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int n = 0;
                    go.await();
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        RateLimitDecision d = node.rateLimiter().tryAcquire("k:hot", "hot", limits);
                        long end = System.nanoTime();
                        latencies[n++ & (latencies.length - 1)] = end - start;
                        if (d instanceof RateLimitDecision.Admitted) {
                            perWindow.computeIfAbsent(System.currentTimeMillis() / 1000, w -> new LongAdder())
                                    .increment();
                        } else if (d instanceof RateLimitDecision.Unavailable) {
                            unavailable.incrementAndGet();
                        }
                    }
                    long[] out = java.util.Arrays.copyOf(latencies, Math.min(n, latencies.length));
                    long[] withCount = java.util.Arrays.copyOf(out, out.length + 1);
                    withCount[out.length] = n;
                    return withCount;
                }));
            }
            long started = System.nanoTime();
            go.countDown();
            TimeUnit.SECONDS.sleep(seconds);
            stop.set(true);
            long requests = 0;
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : workers) {
                long[] r = f.get(60, TimeUnit.SECONDS);
                requests += r[r.length - 1];
                for (int i = 0; i < r.length - 1; i++) {
                    all.add(r[i]);
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            for (RedisKeygate n : nodes) {
                n.rateLimiter().giveBackReservations();
            }
            long scripts = sum(registries, RedisMetrics.DURATION, true) - scriptsBefore;
            long giveBacks = sum(registries, RedisMetrics.HOT_KEY_GIVE_BACKS, false) - giveBacksBefore;
            if (unavailable.get() > 0) {
                throw new IllegalStateException(unavailable.get() + " requests were not decided by Redis: void");
            }
            java.util.Collections.sort(all);
            double p99 = all.isEmpty() ? 0 : all.get((int) (all.size() * 0.99)) / 1000.0;
            // full windows only: drop the first and the last second of the run
            List<Long> windows = perWindow.keySet().stream().sorted().toList();
            List<Long> full = windows.size() > 2 ? windows.subList(1, windows.size() - 1) : windows;
            long min = Long.MAX_VALUE;
            long max = 0;
            long total = 0;
            for (long w : full) {
                long a = perWindow.get(w).sum();
                min = Math.min(min, a);
                max = Math.max(max, a);
                total += a;
            }
            return new Result(requests, elapsed, scripts, giveBacks, p99,
                    full.isEmpty() ? 0 : (double) total / full.size(), full.isEmpty() ? 0 : min, max);
        } finally {
            pool.shutdownNow();
            nodes.forEach(RedisKeygate::close);
        }
    }

    private static void waitForRedis(RedisKeygate node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(node.rateLimiter().tryAcquire("k:warm-up", List.of(new Limit(1_000_000, 1)))
                instanceof RateLimitDecision.Admitted a && a.window() != null)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not answer within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static long sum(List<SimpleMeterRegistry> registries, String meter, boolean timer) {
        long total = 0;
        for (SimpleMeterRegistry r : registries) {
            total += timer ? r.get(meter).timer().count() : (long) r.get(meter).counter().count();
        }
        return total;
    }
}
