package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.SigningKeyStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.store.StoredSigningKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@link SigningKeyStore} on table {@code signing_key} (migration V5), for H2, PostgreSQL and MariaDB, through
 * the same persistence unit as {@link JpaApiKeyStore}. Create it next to the key store and close it on undeploy:
 *
 * <pre>{@code
 * KeygateMigrations.migrate(pool);
 * JpaSigningKeyStore signingKeys = JpaSigningKeyStore.create(pool);
 * ...
 * signingKeys.close();   // then pool.close()
 * }</pre>
 *
 * <p><b>One key per generation.</b> {@link #insertIfAbsent} is a plain {@code INSERT} in its own transaction; the
 * unique constraints on {@code kid} and {@code generation} make exactly one of several concurrent inserts of the
 * same generation succeed (on every database, without database-specific upsert syntax), and the losers get
 * {@code false}. An insert the database rolls back to break a deadlock between the racers (MariaDB does) runs again,
 * and then loses as a duplicate.
 *
 * <p>Calls run through the same plumbing as the key store's ({@link JpaSupport}); failures are translated alike: an
 * outage is a
 * {@link io.keygate.store.StoreUnavailableException} naming the operation and SQLState only. Thread-safe: one
 * {@link EntityManager} per call.
 */
public final class JpaSigningKeyStore implements SigningKeyStore, AutoCloseable {

    /** Runs of an insert the database rolled back to resolve a conflict (see {@link #insertIfAbsent}). */
    private static final int CONFLICT_ATTEMPTS = 5;

    private final JpaSupport jpa;
    private final boolean ownsFactory;

    private JpaSigningKeyStore(EntityManagerFactory factory, boolean ownsFactory, Duration queryTimeout) {
        this.jpa = new JpaSupport(factory, JpaSupport.queryTimeoutSeconds(queryTimeout));
        this.ownsFactory = ownsFactory;
    }

    /**
     * A store on {@code dataSource}; opens one connection now to tell the database type.
     *
     * @throws io.keygate.store.StoreUnavailableException if the database cannot be reached to detect its type
     */
    public static JpaSigningKeyStore create(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        return create(dataSource, KeygateDatabase.of(dataSource), JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
    }

    /** A store on {@code dataSource} for a known database; needs no connection to start. */
    public static JpaSigningKeyStore create(DataSource dataSource, KeygateDatabase database, Duration queryTimeout) {
        return new JpaSigningKeyStore(JpaSupport.createFactory(dataSource, database, queryTimeout), true, queryTimeout);
    }

    /**
     * A store on a factory the application built from a unit that lists {@link SigningKeyEntity}; {@link #close()}
     * leaves it open.
     */
    public static JpaSigningKeyStore using(EntityManagerFactory factory, Duration queryTimeout) {
        return new JpaSigningKeyStore(factory, false, queryTimeout);
    }

    @Override
    public List<StoredSigningKey> findAll() {
        return jpa.read("findAllSigningKeys", em -> jpa.readOnly(em.createQuery(
                        "SELECT k FROM SigningKeyEntity k ORDER BY k.generation", SigningKeyEntity.class))
                .getResultList().stream().map(SigningKeyEntity::toStoredKey).toList());
    }

    @Override
    public boolean insertIfAbsent(StoredSigningKey key) {
        Objects.requireNonNull(key, "key cannot be null");
        for (int attempt = 1; ; attempt++) {
            try {
                jpa.write("insertSigningKey", true, em -> {
                    em.persist(SigningKeyEntity.from(key));
                    em.flush();
                    return null;
                });
                return true;
            } catch (DuplicateKeyException lostTheRace) {
                return false;
            } catch (StoreUnavailableException e) {
                // MariaDB (InnoDB) may resolve inserts racing on one unique value with a deadlock: the loser's
                // transaction is rolled back (SQLState 40001) instead of failing with a duplicate. Running it
                // again then meets the winner's committed row, a duplicate, so the loser gets false as elsewhere.
                if (attempt >= CONFLICT_ATTEMPTS || !PersistenceFailures.isConflictRollback(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean delete(String kid) {
        if (kid == null || kid.isEmpty()) {
            return false;
        }
        return jpa.write("deleteSigningKey", false, em -> jpa.timed(em.createQuery(
                        "DELETE FROM SigningKeyEntity k WHERE k.kid = :kid"))
                .setParameter("kid", kid)
                .executeUpdate() == 1);
    }

    /** Closes the entity manager factory if this store created it. The DataSource stays the caller's. */
    @Override
    public void close() {
        if (ownsFactory && jpa.factory.isOpen()) {
            jpa.factory.close();
        }
    }
}
