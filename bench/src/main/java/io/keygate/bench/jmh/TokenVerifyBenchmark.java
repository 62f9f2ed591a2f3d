package io.keygate.bench.jmh;

import io.keygate.keys.Environment;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.token.TokenService;
import io.keygate.token.TokenSubject;
import io.keygate.token.TokenVerification;
import io.keygate.token.TokenVerifier;
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

import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The token path of the token module on its own, without HTTP and without the engine's key lookup: a cached token
 * (seen before: shape check, SHA-256, one cache read), a first-seen token (parse, ES256 signature, claims: each
 * iteration starts with an empty cache and draws from {@value #FRESH} tokens issued in setup), a malformed one
 * (refused by the shape check), a forged one seen before (refused from the cache), and issuing a token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class TokenVerifyBenchmark {

    static final int FRESH = 5_000;

    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private TokenService tokens;
    private TokenVerifier freshVerifier;
    private TokenService freshService;
    private TokenSubject subject;
    private String cached;
    private String forged;
    private String malformed;
    private String[] fresh;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        tokens = service();
        tokens.start();
        subject = new TokenSubject("key_3fK9wQ2mX7pL1nB8vC4z", "acme", "team_ops", Environment.LIVE,
                EnumSet.of(Permission.READ, Permission.WRITE), new Restriction("workflow", "wf_echo"), Instant.MAX);
        cached = tokens.issuer().issue(subject).accessToken();
        String[] parts = cached.split("\\.");
        forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
        malformed = cached.replace('.', '+');
        requireKind(tokens.verifier().verify(cached), TokenVerification.Kind.VERIFIED);
        requireKind(tokens.verifier().verify(forged), TokenVerification.Kind.INVALID);
        fresh = new String[FRESH];
        for (int i = 0; i < FRESH; i++) {
            fresh[i] = tokens.issuer().issue(subject).accessToken();
        }
    }

    /** A verifier with an empty cache for each iteration, on the same signing keys. */
    @Setup(Level.Iteration)
    public void freshCache() {
        if (freshService != null) {
            freshService.close();
        }
        freshService = service();
        freshService.start();
        freshVerifier = freshService.verifier();
        next = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        freshService.close();
        tokens.close();
    }

    private TokenService service() {
        // no secret: the benchmark measures tokens, not the one-off PBKDF2 of opening a sealed key
        return TokenService.builder().store(store).meterRegistry(new SimpleMeterRegistry())
                .refreshInBackground(false).build();
    }

    private static void requireKind(TokenVerification v, TokenVerification.Kind kind) {
        if (v.kind() != kind) {
            throw new IllegalStateException("expected " + kind + " but was " + v);
        }
    }

    @Benchmark
    public TokenVerification verifyCached() {
        return tokens.verifier().verify(cached);
    }

    @Benchmark
    public TokenVerification verifyFirstSeen() {
        if (next == FRESH) {
            throw new IllegalStateException("more than " + FRESH + " first-seen tokens in one iteration: raise FRESH");
        }
        return freshVerifier.verify(fresh[next++]);
    }

    @Benchmark
    public TokenVerification verifyForgedSeenBefore() {
        return tokens.verifier().verify(forged);
    }

    @Benchmark
    public TokenVerification verifyMalformed() {
        return tokens.verifier().verify(malformed);
    }

    @Benchmark
    public String issue() {
        return tokens.issuer().issue(subject).accessToken();
    }
}
