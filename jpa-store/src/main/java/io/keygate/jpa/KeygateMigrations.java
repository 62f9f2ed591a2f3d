package io.keygate.jpa;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Objects;

/**
 * Creates and upgrades keygate's schema with Flyway, from the versioned SQL shipped in this jar under
 * {@code db/migration/keygate/<h2|postgresql|mariadb>}. keygate keeps its own history table,
 * {@value #HISTORY_TABLE}, so an application's own Flyway history is never touched and the two version sequences
 * never collide.
 *
 * <p>Safe on every start and on many nodes at once (Flyway takes a database lock). Works in a schema that already
 * holds the application's tables: the first run records a baseline at version 0 and then applies V1.
 */
public final class KeygateMigrations {

    /** keygate's Flyway history table, separate from the application's {@code flyway_schema_history}. */
    public static final String HISTORY_TABLE = "keygate_schema_history";

    private KeygateMigrations() {
    }

    /**
     * Migrates the database behind {@code dataSource} (type detected from its driver).
     *
     * @return the number of migrations applied by this call (0 when up to date)
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        return migrate(dataSource, KeygateDatabase.of(dataSource));
    }

    /** Migrates with the migrations of {@code database}. */
    public static int migrate(DataSource dataSource, KeygateDatabase database) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        Objects.requireNonNull(database, "database cannot be null");
        MigrateResult result = flyway(dataSource, database).migrate();
        return result.migrationsExecuted;
    }

    /**
     * The configured Flyway, for callers who want {@code info()} or {@code validate()}. The class loader is this
     * jar's, so the migrations are found inside a WAR's {@code WEB-INF/lib} as well.
     */
    public static Flyway flyway(DataSource dataSource, KeygateDatabase database) {
        return Flyway.configure(KeygateMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(database.migrationLocation())
                .table(HISTORY_TABLE)
                // an application's tables may already live in this schema: start keygate's history below V1
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
