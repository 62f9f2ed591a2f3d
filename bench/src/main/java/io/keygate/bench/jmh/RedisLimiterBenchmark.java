package io.keygate.bench.jmh;

import io.keygate.bench.Fixtures;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.redis.OutagePolicy;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code RedisRateLimiter.tryAcquire} (one Lua script call per request) against the Redis at
 * {@code $KEYGATE_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}), under its own key prefix. The outage
 * policy is {@code closed}, so a Redis that goes away shows up as a failed benchmark, never as fast local
 * answers; run-all.sh leaves this benchmark out when Redis does not answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RedisLimiterBenchmark {

    private RedisKeygate redis;
    private List<Limit> limits;

    @Setup(Level.Trial)
    public void setUp() {
        String url = System.getenv().getOrDefault("KEYGATE_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
        redis = RedisKeygate.create(RedisSettings.builder(url)
                .outagePolicy(OutagePolicy.CLOSED)
                .keyPrefix("keygate:bench:rl:")
                .broadcast(false)
                .build(), Clock.systemUTC(), new SimpleMeterRegistry());
        limits = Fixtures.HIGH_LIMITS.limits();
        // connecting happens in the background: wait (bounded) for the first admitted request
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(redis.rateLimiter().tryAcquire("k:key_redis_bench", limits) instanceof RateLimitDecision.Admitted)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis at " + url + " did not admit a request within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        boolean degraded = redis.rateLimiter().degraded();
        redis.close();
        if (degraded) {
            throw new IllegalStateException("Redis was unreachable during the measurement: results are void");
        }
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision sameBucket1Thread() {
        return redis.rateLimiter().tryAcquire("k:key_redis_bench", limits);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision sameBucket2Threads() {
        return redis.rateLimiter().tryAcquire("k:key_redis_bench", limits);
    }
}
