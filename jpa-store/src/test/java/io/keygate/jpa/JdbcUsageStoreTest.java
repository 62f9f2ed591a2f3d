package io.keygate.jpa;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.UsageCount;
import io.keygate.testing.MutableClock;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-key usage in the database: atomic upserts, exact sums across nodes, zero-filled days. */
class JdbcUsageStoreTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-30");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void addWhenSameKeyAndDayAddedTwiceThenOneRowWithTheSums(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, true)) {
            JdbcUsageStore store = new JdbcUsageStore(database.pool, database.type);

            store.add(List.of(new UsageCount("key_a", DAY, 3, 1, 0), new UsageCount("key_b", DAY, 1, 0, 0)));
            store.add(List.of(new UsageCount("key_a", DAY, 2, 0, 5), new UsageCount("key_a", DAY.minusDays(1), 9, 0, 0)));

            assertThat(store.daily("key_a", DAY, DAY)).containsExactly(new UsageCount("key_a", DAY, 5, 1, 5));
            assertThat(store.lastDays("key_a", 3, DAY)).extracting(UsageCount::total).containsExactly(0L, 9L, 11L);
            assertThat(database.column("SELECT COUNT(*) FROM key_usage_day")).containsExactly("3");
        }
    }

    /**
     * Two nodes (two engines with their own recorders and stores) over one database, eight threads each: the day's
     * counts are exact.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void usageWhenTwoNodesCountOneKeyConcurrentlyThenTheDatabaseHoldsTheExactSum(String db) throws Exception {
        try (ScratchDatabase database = ScratchDatabase.open(db, true);
             JpaApiKeyStore store = JpaApiKeyStore.create(database.pool, database.type, Duration.ofSeconds(3))) {
            MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T12:00:00Z"));
            List<Authenticator> nodes = new ArrayList<>();
            CreatedKey key = null;
            for (int n = 0; n < 2; n++) {
                Keygate keygate = Keygate.builder().store(store).clock(clock).meterRegistry(new SimpleMeterRegistry())
                        .usageStore(new JdbcUsageStore(database.pool, database.type)).build();
                if (key == null) {
                    key = keygate.service().create(NewKey.builder("acme", Owner.user("u1")).build());
                }
                nodes.add(new Authenticator(keygate, EngineSettings.builder()
                        .usageFlushInterval(Duration.ofSeconds(1)).build()));
            }
            String token = key.plaintext();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Authenticator node = nodes.get(t % 2);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        AuthOutcome o = node.authenticate(new Credential.Bearer(token), "10.0.0.1", "/x", "GET");
                        assertThat(o.kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            nodes.forEach(Authenticator::close); // each node's final flush

            ApiKey stored = store.findById(key.key().id()).orElseThrow();
            UsageCount day = new JdbcUsageStore(database.pool, database.type).lastDays(stored.id(), 1, DAY).get(0);
            assertThat(day.authenticated()).isEqualTo(16 * 500);
            assertThat(day.rateLimited() + day.forbidden()).isZero();
        }
    }
}
