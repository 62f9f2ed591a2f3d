package io.keygate.jpa;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** keygate's Flyway migrations, on their own history table and inside an application's own Flyway run. */
class KeygateMigrationsTest {


    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void migrateWhenApplicationHasItsOwnFlywayHistoryThenBothCoexistAndRerunIsNoOp(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, false)) {
            Flyway application = Flyway.configure().dataSource(database.dataSource())
                    .locations("classpath:db/migration/app/" + folder(database.type)).load();
            assertThat(application.migrate().migrationsExecuted).isEqualTo(1);

            int shipped = keygateMigrations(database);
            int first = KeygateMigrations.migrate(database.dataSource());
            int second = KeygateMigrations.migrate(database.dataSource());

            assertThat(shipped).as("keygate's migrations for %s", db).isGreaterThanOrEqualTo(2);
            assertThat(first).isEqualTo(shipped);
            assertThat(second).isZero();
            assertThat(database.column("SELECT COUNT(*) FROM apikey")).containsExactly("0");
            assertThat(database.column("SELECT COUNT(*) FROM signing_key")).containsExactly("0");
            assertThat(database.column("SELECT COUNT(*) FROM workflow")).containsExactly("0");
            assertThat(database.column("SELECT " + quoted(database.type, "version") + " FROM "
                    + quoted(database.type, KeygateMigrations.HISTORY_TABLE) + " WHERE "
                    + quoted(database.type, "success") + " = " + trueLiteral(database.type)))
                    .contains("1", "2", "3");
            assertThat(application.info().applied()).hasSize(1);
            assertThat(application.info().applied()[0].getDescription()).isEqualTo("create workflow");
            assertThat(application.migrate().migrationsExecuted).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void applicationFlywayRunWhenItListsKeygatesLocationThenAppliesKeygateMigrationsToo(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, false)) {
            Flyway application = Flyway.configure().dataSource(database.dataSource())
                    .locations("classpath:db/migration/combined/" + folder(database.type),
                            database.type.migrationLocation())
                    .load();

            assertThat(application.migrate().migrationsExecuted).isEqualTo(1 + keygateMigrations(database));

            assertThat(database.column("SELECT COUNT(*) FROM apikey")).containsExactly("0");
            assertThat(database.column("SELECT COUNT(*) FROM signing_key")).containsExactly("0");
            assertThat(database.column("SELECT COUNT(*) FROM report")).containsExactly("0");
        }
    }

    /** How many versioned migrations keygate ships for this database (each engineer's new version counts). */
    private static int keygateMigrations(ScratchDatabase database) {
        return Flyway.configure().dataSource(database.dataSource()).locations(database.type.migrationLocation())
                .table("count_only").load().info().pending().length;
    }

    private static String folder(KeygateDatabase type) {
        return type.migrationLocation().substring(type.migrationLocation().lastIndexOf('/') + 1);
    }

    /** Flyway creates its history columns quoted (lower case) on H2 and PostgreSQL. */
    private static String quoted(KeygateDatabase type, String identifier) {
        return type == KeygateDatabase.MARIADB ? identifier : '"' + identifier.toLowerCase(Locale.ROOT) + '"';
    }

    private static String trueLiteral(KeygateDatabase type) {
        return type == KeygateDatabase.MARIADB ? "1" : "TRUE";
    }
}
