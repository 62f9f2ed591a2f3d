package io.keygate.store;

/** The signing-key store contract against {@link InMemorySigningKeyStore}. */
class InMemorySigningKeyStoreTest extends SigningKeyStoreContract {

    @Override
    protected SigningKeyStore newStore() {
        return new InMemorySigningKeyStore();
    }
}
