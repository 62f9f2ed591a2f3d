package io.keygate.sample.db;

import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.util.Locale;

/**
 * The sample's own tables (organizations, plans, workflows, instances), migrated with Flyway's default history
 * table after keygate's (which keeps its own, {@value KeygateMigrations#HISTORY_TABLE}). Because the schema then is
 * no longer empty, the sample's history starts from a baseline at version 0 so that its V1 still runs.
 */
public final class SampleSchema {

    /** Flyway location of the sample's migrations; {@code /<database>} is appended. */
    public static final String MIGRATIONS = "classpath:db/keygate-sample/";

    private SampleSchema() {
    }

    /** @throws IllegalStateException naming the database when a migration fails */
    public static void migrate(DataSource dataSource, KeygateDatabase database) {
        String folder = database.name().toLowerCase(Locale.ROOT);
        try {
            Flyway.configure(SampleSchema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS + folder)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("the sample's database migrations failed on " + folder + ": "
                    + e.getMessage(), e);
        }
    }
}
