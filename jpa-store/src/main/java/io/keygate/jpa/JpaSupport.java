package io.keygate.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import jakarta.persistence.Query;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The plumbing every JPA store of this module shares: one entity manager (and so one pooled connection) per call,
 * closed before the call returns; a transaction per write; the statement timeout on every query; failures
 * translated by {@link PersistenceFailures}.
 */
final class JpaSupport {

    private static final String TIMEOUT_HINT = "jakarta.persistence.query.timeout";
    static final char LIKE_ESCAPE = '!';

    final EntityManagerFactory factory;
    final int queryTimeoutSeconds;

    JpaSupport(EntityManagerFactory factory, int queryTimeoutSeconds) {
        this.factory = Objects.requireNonNull(factory, "factory cannot be null");
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** The factory of keygate's persistence unit on {@code dataSource}, as the stores' {@code create} methods make it. */
    static EntityManagerFactory createFactory(DataSource dataSource, KeygateDatabase database, Duration queryTimeout) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        Objects.requireNonNull(database, "database cannot be null");
        queryTimeoutSeconds(queryTimeout);
        // the unit and the provider are found through the context class loader: make it this jar's, so creation
        // also works from threads a container or a framework started with another loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JpaSupport.class.getClassLoader());
        try {
            return Persistence.createEntityManagerFactory(JpaApiKeyStore.PERSISTENCE_UNIT,
                    JpaApiKeyStore.persistenceProperties(dataSource, database, queryTimeout));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The statement timeout in whole seconds, checked: 1 s .. 5 min. */
    static int queryTimeoutSeconds(Duration timeout) {
        Objects.requireNonNull(timeout, "queryTimeout cannot be null");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0
                || timeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(timeout + " is wrong value for queryTimeout, because it must be whole "
                    + "seconds from 1 s to 5 min (JDBC statement timeouts count seconds)");
        }
        return (int) timeout.toSeconds();
    }

    <T> T read(String operation, Function<EntityManager, T> work) {
        EntityManager em = null;
        try {
            em = factory.createEntityManager();
            return work.apply(em);
        } catch (RuntimeException e) {
            throw PersistenceFailures.translate(operation, unwrap(e), false);
        } finally {
            closeQuietly(em);
        }
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, unless it marked the transaction rollback-only;
     * rolled back when it throws.
     */
    <T> T write(String operation, boolean duplicateable, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = factory.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            if (tx.getRollbackOnly()) {
                tx.rollback();
            } else {
                tx.commit();
            }
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw PersistenceFailures.translate(operation, unwrap(e), duplicateable);
        } finally {
            closeQuietly(em);
        }
    }

    /** The JDBC connection of the entity manager's transaction (statements on it commit or roll back with it). */
    static Connection connection(EntityManager em) {
        return em.unwrap(Connection.class);
    }

    <Q extends Query> Q timed(Q query) {
        query.setHint(TIMEOUT_HINT, queryTimeoutSeconds * 1000);
        return query;
    }

    /**
     * Timed, and read-only: rows are turned into values at once and never changed, so EclipseLink need not register a
     * managed copy of each (about a fifth of a warmed-up H2 key lookup). Only for reads outside a write: EclipseLink
     * runs read-only queries outside the entity manager's transaction, so they do not see its uncommitted changes.
     */
    <Q extends Query> Q readOnly(Q query) {
        query.setHint("eclipselink.read-only", "true");
        return timed(query);
    }

    /** {@code %text%} for {@code LIKE ... ESCAPE '!'}, with {@code %}, {@code _} and {@code !} matching literally. */
    static String containsPattern(String lowercaseText) {
        return "%" + escapeLike(lowercaseText) + "%";
    }

    static String escapeLike(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                out.append(LIKE_ESCAPE);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Throwable unwrap(RuntimeException e) {
        return e instanceof JdbcFailure jdbc ? jdbc.getCause() : e;
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

    /** Carries a checked SQLException out of a lambda to the common translation. */
    static final class JdbcFailure extends RuntimeException {
        JdbcFailure(SQLException cause) {
            super(cause);
        }
    }
}
