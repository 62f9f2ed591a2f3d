package io.keygate.bench.jmh;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
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

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An uncached lookup: {@link JpaApiKeyStore#findByHash} on an in-memory H2 database (Flyway schema, HikariCP pool,
 * EclipseLink without shared cache) holding {@value #KEYS} keys, cycling through their hashes. This is what every
 * request costs a filter without a cache, before any network hop to a real database.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class H2LookupBenchmark {

    static final int KEYS = 10_000;

    private HikariDataSource pool;
    private JpaApiKeyStore store;
    private String[] hashes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        pool = KeygateDataSources.pool("jdbc:h2:mem:jmh_lookup;DB_CLOSE_DELAY=-1", "sa", "");
        KeygateMigrations.migrate(pool);
        store = JpaApiKeyStore.create(pool);
        try (Keygate keygate = Fixtures.keygate(store, new SimpleMeterRegistry())) {
            hashes = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                hashes[i] = KeyFormat.sha256Hex(Fixtures.createKey(keygate, "h2-" + i));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        pool.close();
    }

    @Benchmark
    public Optional<ApiKey> findByHash() {
        String hash = hashes[next];
        next = next + 1 == KEYS ? 0 : next + 1;
        Optional<ApiKey> found = store.findByHash(hash);
        if (found.isEmpty()) {
            throw new IllegalStateException("a stored key was not found");
        }
        return found;
    }
}
