package io.keygate.store;

/** The management store contract against the in-memory store. */
class InMemoryManagementStoreTest extends ManagementStoreContract {

    @Override
    protected ManagementStore newStore() {
        return new InMemoryApiKeyStore();
    }
}
