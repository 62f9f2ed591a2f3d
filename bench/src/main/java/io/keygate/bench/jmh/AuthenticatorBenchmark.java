package io.keygate.bench.jmh;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.bench.fake.CountingStore;
import io.keygate.bench.report.ResultLog;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.PresentedKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * keygate's engine without HTTP, through its public API: the format check alone, and
 * {@link Authenticator#authenticate} for a cached valid key, a malformed key, a bad checksum and an unknown
 * well-formed key (negatively cached). The engine is the one the filter builds (meters on a
 * {@link SimpleMeterRegistry}, in-process limiter counting a two-window plan, last-used write-behind running), with
 * the filter's default settings except the failed-auth limit. The store is an in-memory store behind a
 * {@link CountingStore}; the lookups made while measuring are written to the results (section
 * {@code jmh-store-calls}), which is how "zero store calls" is shown rather than assumed.
 *
 * <p>{@code authenticateCachedValidKeyFullCache} measures the cached key on an engine whose cache also holds
 * {@value #FULL_CACHE_KEYS} other keys (set up once per fork, outside the measurement).
 *
 * <p>The failed-auth limit is set so high that no client is ever blocked: each rejected key still pays for being
 * counted against its address, as it does before a client reaches the limit. The credential objects are made once
 * (an adapter makes one per request: a few nanoseconds, measured by {@code FilterBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AuthenticatorBenchmark {

    private static final String CLIENT = "203.0.113.7";
    private static final String PATH = "/api/items";
    /** More than half the default cache size (100,000). */
    static final int FULL_CACHE_KEYS = 60_000;

    private CountingStore store;
    private Keygate keygate;
    private Authenticator engine;
    private KeyFormat format;
    private String validToken;
    private String malformedToken;
    private String badChecksumToken;
    private Credential valid;
    private Credential malformed;
    private Credential badChecksum;
    private Credential unknown;

    @Setup(Level.Trial)
    public void setUp() {
        store = new CountingStore(new InMemoryApiKeyStore());
        keygate = Fixtures.keygate(store, new SimpleMeterRegistry());
        format = keygate.format();
        Random random = new Random(42);
        validToken = Fixtures.createKey(keygate, "verify-bench");
        malformedToken = Fixtures.randomMalformed(random);
        badChecksumToken = Fixtures.badChecksum(validToken);
        valid = new Credential.Bearer(validToken);
        malformed = new Credential.Bearer(malformedToken);
        badChecksum = new Credential.Bearer(badChecksumToken);
        unknown = new Credential.Bearer(Fixtures.randomWellFormed(random));
        engine = new Authenticator(keygate, EngineSettings.builder().failedAuthLimit(Fixtures.NEVER_BLOCK).build());

        expect(engine.authenticate(valid, CLIENT, PATH, "GET"), AuthOutcome.Kind.AUTHENTICATED);
        expect(engine.authenticate(unknown, CLIENT, PATH, "GET"), AuthOutcome.Kind.INVALID);
        expect(engine.authenticate(malformed, CLIENT, PATH, "GET"), AuthOutcome.Kind.INVALID);
        expect(engine.authenticate(badChecksum, CLIENT, PATH, "GET"), AuthOutcome.Kind.INVALID);
        // the two loads above (valid, unknown) filled the caches; count only what the measurement does
        store.reset();
    }

    private static void expect(AuthOutcome outcome, AuthOutcome.Kind kind) {
        if (outcome.kind() != kind) {
            throw new IllegalStateException("benchmark set up wrongly: expected " + kind + ", got " + outcome);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        ResultLog.record("jmh-store-calls", shortName(params.getBenchmark()), store.lookups(), "lookups",
                "store.findByHash calls during warmup+measurement");
        engine.close();
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

    /**
     * The whole engine for a cached valid key: format, hash, cache, status, plan, permission, limiter, meters,
     * last-used note.
     */
    @Benchmark
    public AuthOutcome authenticateCachedValidKey() {
        return engine.authenticate(valid, CLIENT, PATH, "GET");
    }

    /** Engine whose key cache holds {@link #FULL_CACHE_KEYS} keys besides the measured one (see the class comment). */
    @State(Scope.Benchmark)
    public static class FullCache {
        Keygate keygate;
        Authenticator engine;
        Credential valid;

        @Setup(Level.Trial)
        public void setUp() {
            keygate = Fixtures.keygate(new InMemoryApiKeyStore(), new SimpleMeterRegistry());
            engine = new Authenticator(keygate, EngineSettings.builder().failedAuthLimit(Fixtures.NEVER_BLOCK).build());
            for (int i = 0; i < FULL_CACHE_KEYS; i++) {
                Credential other = new Credential.Bearer(Fixtures.createKey(keygate, "other-" + i));
                expect(engine.authenticate(other, CLIENT, PATH, "GET"), AuthOutcome.Kind.AUTHENTICATED);
            }
            valid = new Credential.Bearer(Fixtures.createKey(keygate, "full-cache-bench"));
            expect(engine.authenticate(valid, CLIENT, PATH, "GET"), AuthOutcome.Kind.AUTHENTICATED);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            keygate.close();
        }
    }

    /**
     * A cached valid key when the cache holds 60,000 others, as in a deployment with many keys: past half of its
     * maximum size Caffeine starts recording reads for its eviction policy, which an almost empty cache skips.
     */
    @Benchmark
    public AuthOutcome authenticateCachedValidKeyFullCache(FullCache full) {
        return full.engine.authenticate(full.valid, CLIENT, PATH, "GET");
    }

    /** Malformed key: rejected by the format check, counted against the client address. */
    @Benchmark
    public AuthOutcome authenticateMalformedKey() {
        return engine.authenticate(malformed, CLIENT, PATH, "GET");
    }

    @Benchmark
    public AuthOutcome authenticateBadChecksum() {
        return engine.authenticate(badChecksum, CLIENT, PATH, "GET");
    }

    /** Well-formed but unknown: hashed, answered by the negative cache, counted against the client address. */
    @Benchmark
    public AuthOutcome authenticateUnknownKeyNegativeCache() {
        return engine.authenticate(unknown, CLIENT, PATH, "GET");
    }
}
