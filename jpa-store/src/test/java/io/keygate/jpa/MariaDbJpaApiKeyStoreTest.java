package io.keygate.jpa;

import io.keygate.store.ApiKeyStore;
import io.keygate.store.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against JpaApiKeyStore on MariaDb (a scratch database, migrated with Flyway). */
class MariaDbJpaApiKeyStoreTest extends ApiKeyStoreContract {

    private static ScratchDatabase database;
    private static JpaApiKeyStore jpaStore;

    @BeforeAll
    static void openDatabase() {
        database = ScratchDatabase.mariaDb();
        jpaStore = JpaApiKeyStore.create(database.dataSource());
    }

    @AfterAll
    static void closeDatabase() {
        if (jpaStore != null) {
            jpaStore.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected ApiKeyStore newStore() {
        database.deleteAllKeys();
        return jpaStore;
    }
}
