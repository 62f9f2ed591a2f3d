package io.keygate.bench.jmh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.bench.Fixtures;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.WindowState;
import io.keygate.verify.FailureLimiter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NOT product code: before/after pairs for the hot-path changes proposed in FINDINGS.md, each isolating one step of
 * {@code Verifier.verify} for a cached key as the filter does it today ({@code *Today}) and as proposed
 * ({@code *Proposed}). The filter itself is not changed by this module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ProposalBenchmark {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    record Digest(long a, long b, long c, long d) {
        @Override
        public int hashCode() {
            // SHA-256 output is uniform: its first bits are as good a hash as any
            return (int) (a ^ (a >>> 32));
        }
    }

    private String token;
    private String keyId;
    private String cachedBucket;
    private Cache<String, Object> byHex;
    private Cache<Digest, Object> byDigest;
    private MessageDigest prototype;
    private InProcessRateLimiter limiter;
    private List<Limit> limits;
    private FastPathLimiterPrototype fastPathLimiter;
    private FailureLimiter failuresToday;
    private Cache<String, FailureWindow> failuresProposed;
    private long failureWindowSeconds;

    /** A client's failures in one window; the proposal only takes the map's lock when a new window starts. */
    static final class FailureWindow {
        final long start;
        final AtomicLong failures = new AtomicLong();

        FailureWindow(long start) {
            this.start = start;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws NoSuchAlgorithmException {
        token = Fixtures.randomWellFormed(new java.util.Random(1));
        keyId = "key_" + Fixtures.randomBase62(new java.util.Random(2), 22);
        cachedBucket = "k:" + keyId;
        byHex = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(360)).recordStats()
                .build();
        byDigest = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(360)).recordStats()
                .build();
        prototype = MessageDigest.getInstance("SHA-256");
        Object value = new Object();
        byHex.put(KeyFormat.sha256Hex(token), value);
        byDigest.put(digestProposed(), value);
        if (hashAndLookupToday() != value || hashAndLookupProposed() != value) {
            throw new IllegalStateException("benchmark set up wrongly: a lookup missed");
        }
        limiter = new InProcessRateLimiter(Clock.systemUTC());
        limits = Fixtures.HIGH_LIMITS.limits();
        fastPathLimiter = new FastPathLimiterPrototype();
        failuresToday = new FailureLimiter(Fixtures.NEVER_BLOCK, 100_000, Clock.systemUTC());
        failureWindowSeconds = Fixtures.NEVER_BLOCK.windowSeconds();
        failuresProposed = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(Duration.ofSeconds(failureWindowSeconds)).build();
    }

    /** Today: hex SHA-256 (MessageDigest.getInstance per call), a new 64-character key whose hash is computed. */
    @Benchmark
    public Object hashAndLookupToday() {
        return byHex.getIfPresent(KeyFormat.sha256Hex(token));
    }

    /** Proposed: a cloned MessageDigest, the 32 bytes read as four longs, a record key with a one-step hash. */
    @Benchmark
    public Object hashAndLookupProposed() {
        return byDigest.getIfPresent(digestProposed());
    }

    private Digest digestProposed() {
        MessageDigest md;
        try {
            md = (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        byte[] d = md.digest(token.getBytes(StandardCharsets.US_ASCII));
        return new Digest((long) LONGS.get(d, 0), (long) LONGS.get(d, 8), (long) LONGS.get(d, 16),
                (long) LONGS.get(d, 24));
    }

    /** Proposed: getIfPresent + the bucket's monitor, expiry fixed at creation (FastPathLimiterPrototype). */
    @Benchmark
    public long limiterFastPathProposed() {
        return fastPathLimiter.tryAcquire(cachedBucket, limits);
    }

    /** Today, two threads on one bucket (a hot key). */
    @Benchmark
    @Threads(2)
    public RateLimitDecision limiterToday2Threads(Shared shared) {
        return shared.limiter.tryAcquire(shared.bucket, limits);
    }

    /** Proposed, two threads on one bucket. */
    @Benchmark
    @Threads(2)
    public long limiterFastPathProposed2Threads(Shared shared) {
        return shared.fastPath.tryAcquire(shared.bucket, limits);
    }

    /** One limiter of each kind shared by the two-thread benchmarks. */
    @State(Scope.Benchmark)
    public static class Shared {
        final InProcessRateLimiter limiter = new InProcessRateLimiter(Clock.systemUTC());
        final FastPathLimiterPrototype fastPath = new FastPathLimiterPrototype();
        final String bucket = "k:key_hot_shared";
    }

    /** Today: every failure is counted inside {@code asMap().compute} (entry lock, remap, write-time update). */
    @Benchmark
    public void failureCountToday() {
        failuresToday.recordFailure("203.0.113.7");
    }

    /**
     * Proposed: a lock-free read of the client's current window and an atomic increment; compute only when the
     * window is missing or over. Counting stays exact within a window (one AtomicLong per client and window).
     */
    @Benchmark
    public long failureCountProposed() {
        long start = WindowState.windowStart(System.currentTimeMillis() / 1000, failureWindowSeconds);
        FailureWindow w = failuresProposed.getIfPresent("203.0.113.7");
        if (w == null || w.start != start) {
            w = failuresProposed.asMap().compute("203.0.113.7",
                    (k, old) -> old == null || old.start != start ? new FailureWindow(start) : old);
        }
        return w.failures.incrementAndGet();
    }

    /** Today: the bucket name is built per request, so its hash is computed per request. */
    @Benchmark
    public RateLimitDecision limiterToday() {
        return limiter.tryAcquire("k:" + keyId, limits);
    }

    /** Proposed: the bucket name is built once per cache load and kept in the cache entry. */
    @Benchmark
    public RateLimitDecision limiterProposed() {
        return limiter.tryAcquire(cachedBucket, limits);
    }
}
