package io.keygate.jpa;

import io.keygate.store.ManagementStore;
import io.keygate.store.ManagementStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The management store contract against JpaApiKeyStore on Postgres (a scratch database, migrated with Flyway). */
class PostgresManagementStoreTest extends ManagementStoreContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::postgres);

    @Override
    protected ManagementStore newStore() {
        return scratch.emptied();
    }
}
