package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key the schema cannot hold is the caller's mistake, not an outage: it is an IllegalArgumentException (the admin
 * API answers 400), never a StoreUnavailableException that would invite retries.
 */
class DataRejectedTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void insertWhenValueLongerThanItsColumnThenIllegalArgumentAndNothingStored(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, true);
             JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource())) {
            GeneratedKey g = KeyFormat.standard().generate(Environment.LIVE);
            ApiKey tooLong = new ApiKey("key_long", g.hash(), g.prefix(), g.start4(), g.end4(), "n", "o".repeat(65),
                    null, Owner.user("u"), Environment.LIVE, EnumSet.of(Permission.READ), null, null, null,
                    Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);

            assertThatThrownBy(() -> store.insert(tooLong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the database rejected the data during insert");

            assertThat(store.findById("key_long")).isEmpty();
            assertThat(store.isAvailable()).isTrue();
        }
    }
}
