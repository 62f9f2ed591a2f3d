package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.Keygate;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's last-used write-behind over the JPA store: however many requests use keys within one flush
 * interval, the database sees one batch per flush with one row per key (here the final flush when the engine
 * closes; the interval is an hour so that no scheduled flush runs in between).
 */
class LastUsedWriteBehindTest {

    private static final Instant USED_AT = Instant.parse("2026-05-01T12:00:00.123Z");

    @Test
    void touchWhen10000UsesOfOneKeyInOneIntervalThenOneWriteOfOneRow() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), KeygateDatabase.H2,
                    Duration.ofSeconds(2))) {
                Authenticator engine = engine(store);
                GeneratedKey plaintext = KeyFormat.standard().generate(Environment.LIVE);
                ApiKey key = key("key_busy", plaintext);
                store.insert(key);
                use(engine, plaintext);
                counting.reset();

                concurrently(8, 10_000 / 8, i -> use(engine, plaintext));
                engine.close();

                assertThat(counting.batches()).isEqualTo(1);
                assertThat(counting.executions()).isEqualTo(1);
                assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(USED_AT);
            }
        }
    }

    @Test
    void touchWhen1000KeysUsedTenTimesEachThenOneBatchOf1000Rows() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), KeygateDatabase.H2,
                    Duration.ofSeconds(2))) {
                Authenticator engine = engine(store);
                List<GeneratedKey> keys = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    GeneratedKey plaintext = KeyFormat.standard().generate(Environment.LIVE);
                    store.insert(key("key_k" + i, plaintext));
                    keys.add(plaintext);
                }
                keys.forEach(k -> use(engine, k));
                counting.reset();

                concurrently(10, 1000, i -> use(engine, keys.get(i)));
                engine.close();

                assertThat(counting.batches()).isEqualTo(1);
                assertThat(counting.executions()).isEqualTo(1);
                assertThat(database.column("SELECT COUNT(*) FROM apikey WHERE last_used_at = "
                        + USED_AT.toEpochMilli())).containsExactly("1000");
            }
        }
    }

    /** An engine whose only flush is the final one at close (no store lookups after the first use of a key). */
    private static Authenticator engine(JpaApiKeyStore store) {
        Keygate keygate = Keygate.builder().store(store).clock(Clock.fixed(USED_AT, ZoneOffset.UTC))
                .meterRegistry(new SimpleMeterRegistry()).build();
        return new Authenticator(keygate, EngineSettings.builder().lastUsedFlushInterval(Duration.ofHours(1))
                .cacheTtl(Duration.ofHours(1)).failedAuthLimit(new io.keygate.limit.Limit(1_000_000, 60)).build());
    }

    private static void use(Authenticator engine, GeneratedKey key) {
        AuthOutcome outcome = engine.authenticate(new Credential.Bearer(key.plaintext()), "127.0.0.1", "/x", "GET");
        assertThat(outcome.kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
    }

    private interface Use {
        void run(int i);
    }

    private static void concurrently(int threads, int perThread, Use use) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        use.run(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ApiKey key(String id, GeneratedKey g) {
        return new ApiKey(id, g.hash(), g.prefix(), g.start4(), g.end4(), "n", "org_a", null, Owner.user("u"),
                Environment.LIVE, EnumSet.of(Permission.READ), null, null, null,
                Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
    }
}
