package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A flush of last-used times for many keys is one JDBC batch: one round trip, not one statement per key. */
class LastUsedBatchTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void recordLastUsedWhen500KeysThenOneBatchUpdatesThemAll(String db) {
        try (ScratchDatabase database = open(db)) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), database.type,
                    Duration.ofSeconds(5))) {
                Map<String, Instant> batch = new LinkedHashMap<>();
                for (int i = 0; i < 500; i++) {
                    ApiKey key = key("key_lu" + i);
                    store.insert(key);
                    batch.put(key.id(), T0.plusSeconds(i));
                }
                batch.put("key_unknown", T0);

                counting.reset();
                store.recordLastUsed(batch);

                assertThat(counting.batches()).isEqualTo(1);
                assertThat(counting.executions()).as("statements sent: %s", counting.executedSql()).isEqualTo(1);
                assertThat(counting.executedSql()).containsExactly(JpaApiKeyStore.LAST_USED_SQL);
                assertThat(store.findById("key_lu0").orElseThrow().lastUsedAt()).isEqualTo(T0);
                assertThat(store.findById("key_lu499").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(499));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2"})
    void recordLastUsedWhenMoreKeysThanBatchSizeThenOneBatchPerThousand(String db) {
        try (ScratchDatabase database = open(db)) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), database.type,
                    Duration.ofSeconds(5))) {
                Map<String, Instant> batch = new LinkedHashMap<>();
                for (int i = 0; i < 2 * JpaApiKeyStore.LAST_USED_BATCH_SIZE + 1; i++) {
                    batch.put("key_absent" + i, T0.plusSeconds(i));
                }
                ApiKey key = key("key_present");
                store.insert(key);
                batch.put(key.id(), T0.plusSeconds(77));

                counting.reset();
                store.recordLastUsed(batch);

                assertThat(counting.batches()).isEqualTo(3);
                assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(77));
            }
        }
    }

    private static ScratchDatabase open(String db) {
        return switch (db) {
            case "h2" -> ScratchDatabase.h2();
            case "postgres" -> ScratchDatabase.postgres();
            default -> ScratchDatabase.mariaDb();
        };
    }

    private static ApiKey key(String id) {
        GeneratedKey g = KeyFormat.standard().generate(Environment.LIVE);
        return new ApiKey(id, g.hash(), g.prefix(), g.start4(), g.end4(), "n", "org_a", null, Owner.user("u"),
                Environment.LIVE, EnumSet.of(Permission.READ), null, null, null, T0, null, null, null, null);
    }
}
