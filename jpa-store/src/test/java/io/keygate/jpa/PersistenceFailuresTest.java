package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.RollbackException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** How JPA/JDBC failures map to the store SPI's exceptions, with each database's own codes. */
class PersistenceFailuresTest {

    @Test
    void translateWhenUniqueViolationOnInsertThenDuplicateKeyOnEveryDatabase() {
        SQLException h2AndPostgres = new SQLException("duplicate", "23505", 23505);
        SQLException mariaDb = new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062);

        assertThat(PersistenceFailures.translate("insert", wrapped(h2AndPostgres), true))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(PersistenceFailures.translate("insert", wrapped(mariaDb), true))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("a key with the same id or hash exists (insert)");
    }

    @Test
    void translateWhenUniqueViolationWhereNoInsertWasMadeThenUnavailable() {
        assertThat(PersistenceFailures.translate("revoke", wrapped(new SQLException("dup", "23505")), false))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void translateWhenTimeoutOrPoolExhaustedThenUnavailableSayingSo() {
        assertThat(PersistenceFailures.translate("findByHash", wrapped(new SQLTimeoutException("t", "57014")), false))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("key store unavailable during findByHash: query timed out");
        assertThat(PersistenceFailures.translate("findByHash",
                wrapped(new SQLTransientConnectionException("keygate - Connection is not available")), false))
                .hasMessage("key store unavailable during findByHash: no connection available in time");
        assertThat(PersistenceFailures.translate("search", wrapped(new SQLException("io", "08006")), false))
                .hasMessage("key store unavailable during search: SQLException (SQLState 08006)");
    }

    @Test
    void translateWhenDataTooLongOrCheckFailsThenIllegalArgument() {
        assertThat(PersistenceFailures.translate("insert", wrapped(new SQLException("too long", "22001")), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQLState 22001");
        assertThat(PersistenceFailures.translate("insert", wrapped(new SQLException("check", "23514")), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void translateWhenPersistenceExceptionWithoutSqlCauseThenUnavailable() {
        assertThat(PersistenceFailures.translate("insert", new RollbackException("rolled back"), true))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("key store unavailable during insert: RollbackException");
    }

    @Test
    void translateWhenProgrammingErrorThenRethrownUnchanged() {
        IllegalStateException closed = new IllegalStateException("Attempting to execute an operation on a closed "
                + "EntityManagerFactory");

        assertThat(PersistenceFailures.translate("findById", closed, false)).isSameAs(closed);
    }

    @Test
    void translateWhenFailureMessageCarriesValuesThenOwnMessageNamesOnlyOperationAndState() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        SQLException withValue = new SQLException("Unique index violation: key_hash = '" + hash + "'", "23505");

        assertThat(PersistenceFailures.translate("rotate", wrapped(withValue), true).getMessage()).doesNotContain(hash);
        assertThat(PersistenceFailures.translate("revoke", wrapped(withValue), false).getMessage())
                .doesNotContain(hash);
    }

    private static PersistenceException wrapped(SQLException cause) {
        return new PersistenceException("Exception [EclipseLink-4002]", new RuntimeException("DatabaseException", cause));
    }
}
