package io.keygate.jpa;

/** The signing-key store contract against {@link JpaSigningKeyStore} on PostgreSQL. */
class PostgresJpaSigningKeyStoreTest extends JpaSigningKeyStoreContract {

    @Override
    ScratchDatabase openDatabase() {
        return ScratchDatabase.postgres();
    }
}
