package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.eclipse.persistence.exceptions.EclipseLinkException;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns what JPA, EclipseLink and JDBC throw into the store SPI's two exceptions. Connection refused, pool
 * exhausted, query timeout, broken socket: all are {@link StoreUnavailableException}, so the filter answers 503 or
 * serves a cached key. Messages name the operation and the SQLState only: never a key, a hash or a bind value.
 */
final class PersistenceFailures {

    /** SQLState of a unique-constraint violation on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** MariaDB/MySQL error code ER_DUP_ENTRY (its SQLState is the generic 23000). */
    private static final int MARIADB_DUPLICATE_ENTRY = 1062;

    private PersistenceFailures() {
    }

    /**
     * @param operation     what was attempted, e.g. {@code findByHash}
     * @param duplicateable whether a unique violation means "id or hash taken" (inserts) rather than an outage
     */
    static RuntimeException translate(String operation, Throwable failure, boolean duplicateable) {
        SQLException sql = sqlCause(failure);
        if (duplicateable && sql != null && isUniqueViolation(sql)) {
            return new DuplicateKeyException("a key with the same id or hash exists (" + operation + ")", failure);
        }
        if (sql != null || failure instanceof PersistenceException || failure instanceof EclipseLinkException) {
            return new StoreUnavailableException("key store unavailable during " + operation + ": " + describe(sql, failure),
                    failure);
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("unexpected failure during " + operation, failure);
    }

    static SQLException sqlCause(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            t = t.getCause();
        }
        return null;
    }

    static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (UNIQUE_VIOLATION.equals(s.getSQLState()) || s.getErrorCode() == MARIADB_DUPLICATE_ENTRY) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    private static String describe(SQLException sql, Throwable failure) {
        if (sql instanceof SQLTimeoutException) {
            return "query timed out";
        }
        if (sql instanceof SQLTransientConnectionException) {
            return "no connection available in time";
        }
        if (sql != null) {
            return sql.getClass().getSimpleName() + " (SQLState " + sql.getSQLState() + ")";
        }
        return failure.getClass().getSimpleName();
    }
}
