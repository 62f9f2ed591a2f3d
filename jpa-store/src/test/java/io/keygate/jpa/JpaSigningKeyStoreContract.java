package io.keygate.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.store.SigningKeyStore;
import io.keygate.store.SigningKeyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The signing-key store contract against {@link JpaSigningKeyStore} on a scratch database migrated with Flyway. The
 * second store is a separate store on a pool of its own, as a second node has: the race for one generation runs
 * across both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JpaSigningKeyStoreContract extends SigningKeyStoreContract {

    private ScratchDatabase database;
    private HikariDataSource secondPool;
    private JpaSigningKeyStore first;
    private JpaSigningKeyStore second;

    abstract ScratchDatabase openDatabase();

    @BeforeAll
    void openStores() {
        database = openDatabase();
        first = JpaSigningKeyStore.create(database.dataSource());
        secondPool = KeygateDataSources.builder(database.jdbcUrl).user(database.user).password("").build();
        second = JpaSigningKeyStore.create(secondPool, database.type, JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
    }

    @AfterAll
    void closeStores() {
        if (second != null) {
            second.close();
            secondPool.close();
        }
        if (first != null) {
            first.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected SigningKeyStore newStore() {
        database.update("DELETE FROM signing_key");
        return first;
    }

    @Override
    protected SigningKeyStore secondStore() {
        return second;
    }
}
