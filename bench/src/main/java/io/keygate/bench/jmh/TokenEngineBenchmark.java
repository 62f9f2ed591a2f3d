package io.keygate.bench.jmh;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.keys.ApiKey;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.token.TokenService;
import io.keygate.token.TokenSubject;
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

import java.util.concurrent.TimeUnit;

/**
 * The whole engine ({@link Authenticator#authenticate}) with the token path plugged in: a cached token (its verdict
 * and its key in the caches: what a client sends on every call), a first-seen token (each iteration starts with empty
 * token caches and draws from tokens issued in setup: the ES256 check), and, for comparison on the same engine, the
 * cached API key itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TokenEngineBenchmark {

    private static final String CLIENT = "203.0.113.7";
    private static final String PATH = "/api/items";
    static final int FRESH = 5_000;

    private final InMemorySigningKeyStore signingKeys = new InMemorySigningKeyStore();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private TokenService tokens;
    private Keygate keygate;
    private Authenticator engine;
    private Credential cachedToken;
    private Credential cachedKey;
    private Credential[] fresh;
    private int next;
    private TokenService freshTokens;
    private Keygate freshKeygate;
    private Authenticator freshEngine;

    @Setup(Level.Trial)
    public void setUp() {
        tokens = service();
        keygate = keygate(tokens);
        engine = engine(keygate);
        String plaintext = Fixtures.createKey(keygate, "token-bench");
        ApiKey key = keys.findByHash(io.keygate.keys.KeyFormat.sha256Hex(plaintext)).orElseThrow();
        cachedKey = new Credential.Bearer(plaintext);
        cachedToken = new Credential.Bearer(tokens.issuer().issue(TokenSubject.of(key)).accessToken());
        require(engine.authenticate(cachedToken, CLIENT, PATH, "GET"));
        require(engine.authenticate(cachedKey, CLIENT, PATH, "GET"));
        fresh = new Credential[FRESH];
        for (int i = 0; i < FRESH; i++) {
            fresh[i] = new Credential.Bearer(tokens.issuer().issue(TokenSubject.of(key)).accessToken());
        }
    }

    /** Empty token caches for each iteration (the key stays cached in the store-backed engine). */
    @Setup(Level.Iteration)
    public void freshCaches() {
        closeFresh();
        freshTokens = service();
        freshKeygate = keygate(freshTokens);
        freshEngine = engine(freshKeygate);
        next = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closeFresh();
        engine.close();
        keygate.close();
        tokens.close();
    }

    private void closeFresh() {
        if (freshEngine != null) {
            freshEngine.close();
            freshKeygate.close();
            freshTokens.close();
        }
    }

    private TokenService service() {
        TokenService s = TokenService.builder().store(signingKeys).meterRegistry(new SimpleMeterRegistry())
                .refreshInBackground(false).build();
        s.start();
        return s;
    }

    private Keygate keygate(TokenService service) {
        return Keygate.builder().store(keys).planResolver(StaticPlanResolver.single(Fixtures.HIGH_LIMITS))
                .meterRegistry(new SimpleMeterRegistry()).tokens(service.bearerTokens()).build();
    }

    private static Authenticator engine(Keygate keygate) {
        return new Authenticator(keygate, EngineSettings.builder().failedAuthLimit(Fixtures.NEVER_BLOCK).build());
    }

    private static void require(AuthOutcome outcome) {
        if (outcome.kind() != AuthOutcome.Kind.AUTHENTICATED) {
            throw new IllegalStateException("expected authenticated but was " + outcome.metricOutcome());
        }
    }

    @Benchmark
    public AuthOutcome authenticateCachedToken() {
        return engine.authenticate(cachedToken, CLIENT, PATH, "GET");
    }

    @Benchmark
    public AuthOutcome authenticateCachedKeySameEngine() {
        return engine.authenticate(cachedKey, CLIENT, PATH, "GET");
    }

    @Benchmark
    public AuthOutcome authenticateFirstSeenToken() {
        if (next == FRESH) {
            throw new IllegalStateException("more than " + FRESH + " first-seen tokens in one iteration: raise FRESH");
        }
        return freshEngine.authenticate(fresh[next++], CLIENT, PATH, "GET");
    }
}
