package io.keygate.bench.scale;

import io.keygate.Keygate;
import io.keygate.bench.Args;
import io.keygate.bench.Fixtures;
import io.keygate.bench.report.ResultLog;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.store.ForwardingApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Heap retained by keygate's two per-key structures, measured as the difference of heap used after forced full GCs
 * (MemoryMXBean) before and after filling them, over several repetitions (median reported):
 * <ul>
 *   <li>keygate's engine ({@link Authenticator}, the filter's default cache settings) after authenticating
 *       {@value #ENTRIES} distinct keys, each loaded from a store that builds a fresh {@link ApiKey} per lookup with
 *       its own strings, as a database row would (so the keys' own objects count, as they do in production);</li>
 *   <li>{@link InProcessRateLimiter} state for {@value #ENTRIES} active buckets ({@code k:<key id>}) counting a
 *       two-window plan.</li>
 * </ul>
 * The engine is built first and its empty state measured as "before", so only what the keys add is counted. Its
 * plan has no limits (no limiter buckets) and its last-used buffer holds one key (the others are dropped and
 * counted), so the delta is the key cache alone; the limiter is measured on its own.
 * Run it alone in its own JVM with a fixed heap and the serial collector, which makes "used after full GC" exact:
 * {@code java -Xms2g -Xmx2g -XX:+UseSerialGC -cp bench/target/benchmarks.jar io.keygate.bench.scale.HeapRun}.
 */
public final class HeapRun {

    static final int ENTRIES = 100_000;
    private static final String SECTION = "heap";
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapRun() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int entries = args.integer("entries", ENTRIES);
        int repetitions = args.integer("repetitions", 5);
        measure("key-cache", entries, repetitions, HeapRun::emptyEngine, engine -> fillCache(engine, entries),
                "Authenticator (filter defaults: cache of 100,000, 60 s + 300 s stale) after " + entries
                        + " distinct keys");
        measure("limiter", entries, repetitions, () -> new InProcessRateLimiter(Clock.systemUTC()),
                limiter -> fillLimiter(limiter, entries),
                "InProcessRateLimiter with " + entries + " buckets, 2 windows each");
    }

    private static <T extends AutoCloseable> void measure(String name, int entries, int repetitions,
                                                          Supplier<T> create, Consumer<T> fill, String note)
            throws Exception {
        long[] deltas = new long[repetitions];
        try (T warm = create.get()) {
            fill.accept(warm); // once unmeasured: loads and initializes every class involved
        }
        for (int r = 0; r < repetitions; r++) {
            try (T structure = create.get()) {
                long before = usedAfterGc();
                fill.accept(structure);
                long after = usedAfterGc();
                Reference.reachabilityFence(structure);
                deltas[r] = after - before;
            }
            System.out.printf("heap run: %s repetition %d: %.2f MB%n", name, r + 1, deltas[r] / 1e6);
        }
        long[] sorted = deltas.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        ResultLog.record(SECTION, name + ".mb", median / 1e6, "MB", "median of " + repetitions + " ("
                + String.format(java.util.Locale.ROOT, "%.2f..%.2f", sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6)
                + "); " + note);
        ResultLog.record(SECTION, name + ".bytes-per-entry", (double) median / entries, "bytes", "");
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        // a few rounds: finalizable and weakly reachable leftovers of the previous round go in the later ones
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The engine and its {@link Keygate}, closed together. */
    private record Engine(Keygate keygate, Authenticator authenticator) implements AutoCloseable {
        @Override
        public void close() {
            authenticator.close();
            keygate.close();
        }
    }

    private static Engine emptyEngine() {
        Keygate keygate = Keygate.builder().store(new RowLikeStore()).meterRegistry(new SimpleMeterRegistry()).build();
        return new Engine(keygate, new Authenticator(keygate, EngineSettings.builder().lastUsedMaxPending(1).build()));
    }

    private static void fillCache(Engine engine, int entries) {
        Random random = new Random(5);
        String prefix = KeyFormat.standard().prefixFor(Environment.LIVE);
        for (int i = 0; i < entries; i++) {
            Credential key = new Credential.Bearer(KeyFormat.compose(prefix, Fixtures.randomBase62(random, 32)));
            AuthOutcome outcome = engine.authenticator().authenticate(key, "203.0.113.1", "/api/items", "GET");
            if (outcome.kind() != AuthOutcome.Kind.AUTHENTICATED) {
                throw new IllegalStateException("key not authenticated: " + outcome.kind());
            }
        }
    }

    private static void fillLimiter(InProcessRateLimiter limiter, int entries) {
        List<Limit> limits = Fixtures.HIGH_LIMITS.limits();
        Random random = new Random(3);
        for (int i = 0; i < entries; i++) {
            limiter.tryAcquire("k:key_" + Fixtures.randomBase62(random, 22), limits);
        }
        if (limiter.bucketCount() != entries) {
            throw new IllegalStateException("expected " + entries + " buckets, found " + limiter.bucketCount());
        }
    }

    /**
     * Answers every hash with a fresh key built from new strings, as {@code JpaApiKeyStore} does from a row: a
     * 26-character id, name, organization, team, owner, two permissions, created and last-used instants. Nothing
     * else of the store is used by the heap run.
     */
    private static final class RowLikeStore extends ForwardingApiKeyStore {
        private final Random random = new Random(9);

        RowLikeStore() {
            super(new InMemoryApiKeyStore());
        }

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            int n = random.nextInt(1_000_000);
            Instant now = Instant.now();
            return Optional.of(new ApiKey("key_" + Fixtures.randomBase62(random, 22), new String(hash),
                    new String(KeyFormat.DEFAULT_LIVE_PREFIX), Fixtures.randomBase62(random, 4),
                    Fixtures.randomBase62(random, 4), "service key " + n, "org_" + (n % 1000), "team_" + (n % 100),
                    Owner.serviceAccount("svc_" + n), Environment.LIVE, EnumSet.of(Permission.READ, Permission.WRITE),
                    null, null, null, now.minusSeconds(n), null, null, now, null));
        }
    }
}
