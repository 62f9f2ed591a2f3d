package io.keygate.service;

import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.ManagementStore;

/** Service-account disable under load on the in-memory store. */
class InMemoryDisableUnderLoadTest extends DisableUnderLoadContract {

    @Override
    protected ManagementStore newStore() {
        return new InMemoryApiKeyStore();
    }
}
