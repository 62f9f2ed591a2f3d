package io.keygate.bench.jmh;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.bench.fake.CountingStore;
import io.keygate.bench.report.ResultLog;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.PresentedKey;
import io.keygate.metrics.AuthMetrics;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.FailureLimiter;
import io.keygate.verify.KeyResolver;
import io.keygate.verify.Verifier;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The verification pipeline without HTTP: the format check alone, and {@link Verifier#verify} for a cached valid
 * key, a malformed key, a bad checksum and an unknown well-formed key (negatively cached). The store is an
 * in-memory store behind a {@link CountingStore}; the lookups made while measuring are written to the results
 * (section {@code jmh-store-calls}), which is how "zero store calls" is shown rather than assumed.
 *
 * <p>The failed-auth limit is set so high that no client is ever blocked: each rejected key still pays for being
 * counted against its address, as it does before a client reaches the limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class VerifyBenchmark {

    private static final String CLIENT = "203.0.113.7";
    private static final String PATH = "/api/items";

    private CountingStore store;
    private Keygate keygate;
    private Verifier verifier;
    private KeyResolver resolver;
    private KeyFormat format;
    private String validToken;
    private String validHash;
    private String malformedToken;
    private String badChecksumToken;
    private String unknownToken;

    @Setup(Level.Trial)
    public void setUp() {
        store = new CountingStore(new InMemoryApiKeyStore());
        keygate = Fixtures.keygate(store, new SimpleMeterRegistry());
        format = keygate.format();
        Random random = new Random(42);
        validToken = Fixtures.createKey(keygate, "verify-bench");
        validHash = KeyFormat.sha256Hex(validToken);
        malformedToken = Fixtures.randomMalformed(random);
        badChecksumToken = Fixtures.badChecksum(validToken);
        unknownToken = Fixtures.randomWellFormed(random);

        Clock clock = keygate.clock();
        AuthMetrics metrics = new AuthMetrics(keygate.meterRegistry());
        // the filter's defaults (AuthSettings): 100,000 entries, 60 s fresh, 300 s stale-if-error, negative 10 s
        resolver = new KeyResolver(store, clock, metrics, 100_000, Duration.ofSeconds(60), Duration.ofSeconds(300),
                100_000, Duration.ofSeconds(10));
        FailureLimiter failures = new FailureLimiter(Fixtures.NEVER_BLOCK, 100_000, clock);
        verifier = new Verifier(format, failures, resolver, keygate.plans(), keygate.rateLimiter(), clock,
                List.of(), Map.of(), Set.of("GET", "HEAD", "OPTIONS"), false, 5);

        expect(verifier.verify(validToken, CLIENT, PATH, "GET"), AuthOutcome.Authenticated.class);
        expect(verifier.verify(unknownToken, CLIENT, PATH, "GET"), AuthOutcome.Invalid.class);
        expect(verifier.verify(malformedToken, CLIENT, PATH, "GET"), AuthOutcome.Invalid.class);
        expect(verifier.verify(badChecksumToken, CLIENT, PATH, "GET"), AuthOutcome.Invalid.class);
        // the two loads above (valid, unknown) filled the caches; count only what the measurement does
        store.reset();
    }

    private static void expect(AuthOutcome outcome, Class<?> type) {
        if (!type.isInstance(outcome)) {
            throw new IllegalStateException("benchmark set up wrongly: expected " + type.getSimpleName() + ", got "
                    + outcome);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        ResultLog.record("jmh-store-calls", shortName(params.getBenchmark()), store.lookups(), "lookups",
                "store.findByHash calls during warmup+measurement");
        keygate.close();
    }

    static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** Shape, checksum and SHA-256 of a valid key: the work before any lookup. */
    @Benchmark
    public PresentedKey formatCheckValidKey() {
        return format.check(validToken);
    }

    /** Format rejection alone: right prefix and length, wrong checksum in all but 1/62^6 of cases. */
    @Benchmark
    public PresentedKey formatCheckMalformedKey() {
        return format.check(malformedToken);
    }

    @Benchmark
    public PresentedKey formatCheckBadChecksum() {
        return format.check(badChecksumToken);
    }

    /** Cache hit on the hash (no hashing). */
    @Benchmark
    public KeyResolver.Resolution resolveCachedHash() {
        return resolver.resolve(validHash);
    }

    /** The whole pipeline for a cached valid key: format, hash, cache, status, plan, permission, limiter. */
    @Benchmark
    public AuthOutcome verifyCachedValidKey() {
        return verifier.verify(validToken, CLIENT, PATH, "GET");
    }

    /** Malformed key: rejected by the format check, counted against the client address. */
    @Benchmark
    public AuthOutcome verifyMalformedKey() {
        return verifier.verify(malformedToken, CLIENT, PATH, "GET");
    }

    @Benchmark
    public AuthOutcome verifyBadChecksum() {
        return verifier.verify(badChecksumToken, CLIENT, PATH, "GET");
    }

    /** Well-formed but unknown: hashed, answered by the negative cache. */
    @Benchmark
    public AuthOutcome verifyUnknownKeyNegativeCache() {
        return verifier.verify(unknownToken, CLIENT, PATH, "GET");
    }
}
