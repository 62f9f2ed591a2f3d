package io.keygate.jpa;

import io.keygate.store.ManagementStore;
import io.keygate.store.ManagementStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The management store contract against JpaApiKeyStore on Postgres (a scratch database, migrated with Flyway). */
class PostgresManagementStoreTest extends ManagementStoreContract {

    private static ScratchDatabase database;
    private static JpaApiKeyStore jpaStore;

    @BeforeAll
    static void openDatabase() {
        database = ScratchDatabase.postgres();
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
    protected ManagementStore newStore() {
        database.deleteAllKeys();
        return jpaStore;
    }
}
