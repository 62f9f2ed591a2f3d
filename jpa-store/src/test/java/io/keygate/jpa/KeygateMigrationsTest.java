package io.keygate.jpa;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** keygate's Flyway migrations, on their own history table and inside an application's own Flyway run. */
class KeygateMigrationsTest {

    /** V1 keys, V2 service accounts and teams, V3 audit log. */
    private static final int KEYGATE_MIGRATIONS = 3;


    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void migrateWhenApplicationHasItsOwnFlywayHistoryThenBothCoexistAndRerunIsNoOp(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, false)) {
            Flyway application = Flyway.configure().dataSource(database.dataSource())
                    .locations("classpath:db/migration/app/" + folder(database.type)).load();
            assertThat(application.migrate().migrationsExecuted).isEqualTo(1);

            int first = KeygateMigrations.migrate(database.dataSource());
            int second = KeygateMigrations.migrate(database.dataSource());

            assertThat(first).isEqualTo(KEYGATE_MIGRATIONS);
            assertThat(second).isZero();
            assertThat(database.column("SELECT COUNT(*) FROM apikey")).containsExactly("0");
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

            assertThat(application.migrate().migrationsExecuted).isEqualTo(1 + KEYGATE_MIGRATIONS);

            assertThat(database.column("SELECT COUNT(*) FROM apikey")).containsExactly("0");
            assertThat(database.column("SELECT COUNT(*) FROM report")).containsExactly("0");
        }
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
