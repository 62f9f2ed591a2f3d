package io.keygate.jpa;

/** The signing-key store contract against {@link JpaSigningKeyStore} on MariaDB. */
class MariaDbJpaSigningKeyStoreTest extends JpaSigningKeyStoreContract {

    @Override
    ScratchDatabase openDatabase() {
        return ScratchDatabase.mariaDb();
    }
}
