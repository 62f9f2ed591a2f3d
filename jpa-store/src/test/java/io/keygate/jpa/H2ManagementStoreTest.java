package io.keygate.jpa;

import io.keygate.store.ManagementStore;
import io.keygate.store.ManagementStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The management store contract against JpaApiKeyStore on H2 (a scratch database, migrated with Flyway). */
class H2ManagementStoreTest extends ManagementStoreContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::h2);

    @Override
    protected ManagementStore newStore() {
        return scratch.emptied();
    }
}
