package io.keygate.bench.jmh;

import io.keygate.bench.Fixtures;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link InProcessRateLimiter#tryAcquire} with a two-window plan (minute + hour) that never rejects: one thread,
 * two threads on the same bucket (one hot key: they contend for its entry lock) and two threads on their own
 * buckets. Average time is per call, per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class InProcessLimiterBenchmark {

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private InProcessRateLimiter limiter;
    private List<Limit> limits;

    @State(Scope.Thread)
    public static class OwnBucket {
        final String bucket = "k:key_thread_" + THREAD_IDS.incrementAndGet();
    }

    @Setup(Level.Trial)
    public void setUp() {
        limiter = new InProcessRateLimiter(Clock.systemUTC());
        limits = Fixtures.HIGH_LIMITS.limits();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        limiter.close();
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision sameBucket1Thread() {
        return limiter.tryAcquire("k:key_hot", limits);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision sameBucket2Threads() {
        return limiter.tryAcquire("k:key_hot", limits);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision ownBucket2Threads(OwnBucket own) {
        return limiter.tryAcquire(own.bucket, limits);
    }
}
