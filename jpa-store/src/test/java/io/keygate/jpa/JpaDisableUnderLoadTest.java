package io.keygate.jpa;

import io.keygate.service.DisableUnderLoadContract;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Service-account disable under load through the engine on the JPA store: the revocations commit in the disable's
 * transaction and the engine's cache is evicted before it returns.
 */
class JpaDisableUnderLoadTest {

    abstract static class OnDatabase extends DisableUnderLoadContract {
        private ScratchDatabase database;
        private JpaApiKeyStore store;

        abstract ScratchDatabase open();

        @Override
        protected ManagementStore newStore() {
            database = open();
            store = JpaApiKeyStore.create(database.dataSource());
            return store;
        }

        @AfterEach
        void close() {
            if (store != null) {
                store.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    @Nested
    class H2 extends OnDatabase {
        @Override
        ScratchDatabase open() {
            return ScratchDatabase.h2();
        }
    }

    @Nested
    class Postgres extends OnDatabase {
        @Override
        ScratchDatabase open() {
            return ScratchDatabase.postgres();
        }
    }
}
