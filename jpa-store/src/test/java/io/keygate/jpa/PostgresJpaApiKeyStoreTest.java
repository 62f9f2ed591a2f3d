package io.keygate.jpa;

import io.keygate.store.ApiKeyStore;
import io.keygate.store.ApiKeyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against JpaApiKeyStore on Postgres (a scratch database, migrated with Flyway). */
class PostgresJpaApiKeyStoreTest extends ApiKeyStoreContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::postgres);

    @Override
    protected ApiKeyStore newStore() {
        return scratch.emptied();
    }
}
