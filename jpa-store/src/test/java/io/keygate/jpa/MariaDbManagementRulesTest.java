package io.keygate.jpa;

import io.keygate.service.ManagementRulesContract;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The §7.1 rules on JpaApiKeyStore on MariaDb: every refusal and its audit event, every allowed change and its event. */
class MariaDbManagementRulesTest extends ManagementRulesContract {

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
    protected ManagementStore newStore() {
        database.deleteAllKeys();
        return jpaStore;
    }
}
