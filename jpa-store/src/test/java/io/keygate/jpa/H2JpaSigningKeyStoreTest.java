package io.keygate.jpa;

/** The signing-key store contract against {@link JpaSigningKeyStore} on H2 (in memory). */
class H2JpaSigningKeyStoreTest extends JpaSigningKeyStoreContract {

    @Override
    ScratchDatabase openDatabase() {
        return ScratchDatabase.h2();
    }
}
