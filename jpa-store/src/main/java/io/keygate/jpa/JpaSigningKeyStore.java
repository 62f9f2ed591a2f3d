package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.SigningKeyStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.store.StoredSigningKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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
 * <p>Failures are translated like the key store's: an outage is a
 * {@link io.keygate.store.StoreUnavailableException} naming the operation and SQLState only. Thread-safe: one
 * {@link EntityManager} per call.
 */
public final class JpaSigningKeyStore implements SigningKeyStore, AutoCloseable {

    private static final String TIMEOUT_HINT = "jakarta.persistence.query.timeout";
    /** Runs of an insert the database rolled back to resolve a conflict (see {@link #insertIfAbsent}). */
    private static final int CONFLICT_ATTEMPTS = 5;

    private final EntityManagerFactory factory;
    private final boolean ownsFactory;
    private final long queryTimeoutMillis;

    private JpaSigningKeyStore(EntityManagerFactory factory, boolean ownsFactory, Duration queryTimeout) {
        this.factory = Objects.requireNonNull(factory, "factory cannot be null");
        this.ownsFactory = ownsFactory;
        this.queryTimeoutMillis = checkedTimeout(queryTimeout).toMillis();
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
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        Objects.requireNonNull(database, "database cannot be null");
        checkedTimeout(queryTimeout);
        // as in JpaApiKeyStore: find the unit through this jar's loader, whatever thread creates the store
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JpaSigningKeyStore.class.getClassLoader());
        try {
            EntityManagerFactory factory = Persistence.createEntityManagerFactory(JpaApiKeyStore.PERSISTENCE_UNIT,
                    JpaApiKeyStore.persistenceProperties(dataSource, database, queryTimeout));
            return new JpaSigningKeyStore(factory, true, queryTimeout);
        } finally {
            thread.setContextClassLoader(previous);
        }
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
        return read("findAllSigningKeys", em -> em.createQuery(
                        "SELECT k FROM SigningKeyEntity k ORDER BY k.generation", SigningKeyEntity.class)
                .setHint(TIMEOUT_HINT, queryTimeoutMillis)
                .setHint("eclipselink.read-only", "true")
                .getResultList().stream().map(SigningKeyEntity::toStoredKey).toList());
    }

    @Override
    public boolean insertIfAbsent(StoredSigningKey key) {
        Objects.requireNonNull(key, "key cannot be null");
        for (int attempt = 1; ; attempt++) {
            try {
                write("insertSigningKey", true, em -> {
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
        return write("deleteSigningKey", false, em -> em.createQuery(
                        "DELETE FROM SigningKeyEntity k WHERE k.kid = :kid")
                .setHint(TIMEOUT_HINT, queryTimeoutMillis)
                .setParameter("kid", kid)
                .executeUpdate() == 1);
    }

    /** Closes the entity manager factory if this store created it. The DataSource stays the caller's. */
    @Override
    public void close() {
        if (ownsFactory && factory.isOpen()) {
            factory.close();
        }
    }

    private <T> T read(String operation, Function<EntityManager, T> work) {
        EntityManager em = null;
        try {
            em = factory.createEntityManager();
            return work.apply(em);
        } catch (RuntimeException e) {
            throw PersistenceFailures.translate(operation, e, false);
        } finally {
            closeQuietly(em);
        }
    }

    private <T> T write(String operation, boolean duplicateable, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = factory.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw PersistenceFailures.translate(operation, e, duplicateable);
        } finally {
            closeQuietly(em);
        }
    }

    private static Duration checkedTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "queryTimeout cannot be null");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0
                || timeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(timeout + " is wrong value for queryTimeout, because it must be whole "
                    + "seconds from 1 s to 5 min (JDBC statement timeouts count seconds)");
        }
        return timeout;
    }

    private static void rollbackQuietly(EntityTransaction tx) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is likely gone; the pool discards it, and the original failure is what matters
        }
    }

    private static void closeQuietly(EntityManager em) {
        try {
            if (em != null && em.isOpen()) {
                em.close();
            }
        } catch (RuntimeException ignored) {
            // closing releases the connection to the pool; a failure here must not hide the call's outcome
        }
    }
}
