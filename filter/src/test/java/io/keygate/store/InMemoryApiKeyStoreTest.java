package io.keygate.store;

/** The store contract against the in-memory store. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {

    @Override
    protected ApiKeyStore newStore() {
        return new InMemoryApiKeyStore();
    }
}
