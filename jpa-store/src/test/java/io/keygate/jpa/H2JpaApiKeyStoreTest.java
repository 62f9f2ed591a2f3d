package io.keygate.jpa;

import io.keygate.store.ApiKeyStore;
import io.keygate.store.ApiKeyStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against JpaApiKeyStore on H2 (a scratch database, migrated with Flyway). */
class H2JpaApiKeyStoreTest extends ApiKeyStoreContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::h2);

    @Override
    protected ApiKeyStore newStore() {
        return scratch.emptied();
    }
}
