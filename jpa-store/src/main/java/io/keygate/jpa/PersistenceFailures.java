package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.eclipse.persistence.exceptions.EclipseLinkException;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns what JPA, EclipseLink and JDBC throw into the store SPI's exceptions. Connection refused, pool exhausted,
 * query timeout, broken socket: all are {@link StoreUnavailableException}, so the filter answers 503 or serves a
 * cached key. A unique violation on insert is a {@link DuplicateKeyException}; data the schema rejects (too long,
 * check constraint) is an {@link IllegalArgumentException}, since retrying cannot help. Messages name the operation
 * and the SQLState only: never a key, a hash or a bind value.
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
        if (sql != null && isDataRejected(sql)) {
            // the row breaks the schema (too long, check constraint): a caller's mistake, retrying will not help
            return new IllegalArgumentException("the database rejected the data during " + operation
                    + " (SQLState " + sql.getSQLState() + "): see the column sizes in keygate's migrations", failure);
        }
        if (sql != null || failure instanceof PersistenceException || failure instanceof EclipseLinkException) {
            return new StoreUnavailableException(
                    "key store unavailable during " + operation + ": " + describe(sql, failure), failure);
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

    /**
     * Whether the database rolled the transaction back to resolve a conflict between concurrent transactions
     * (SQLState class 40: MariaDB's deadlock 40001 when inserts race on a unique index, PostgreSQL's 40001 or
     * 40P01): nothing was written, and running the transaction again is the documented answer.
     */
    static boolean isConflictRollback(Throwable failure) {
        SQLException sql = sqlCause(failure);
        return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("40");
    }

    /** SQLState class 22 (data exception) or 23 (integrity constraint) other than a unique violation. */
    static boolean isDataRejected(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23")) && !isUniqueViolation(e);
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
