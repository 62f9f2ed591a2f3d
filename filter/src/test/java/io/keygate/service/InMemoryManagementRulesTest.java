package io.keygate.service;

import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.ManagementStore;

/** The §7.1 rules on the in-memory store. */
class InMemoryManagementRulesTest extends ManagementRulesContract {

    @Override
    protected ManagementStore newStore() {
        return new InMemoryApiKeyStore();
    }
}
