package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;
import io.keygate.testing.Services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The same suite in Tomcat 11 in the cluster configuration: PostgreSQL as the database and Redis for rate limits
 * and revocation broadcast, configured through KEYGATE_JDBC_URL / KEYGATE_JDBC_USER / KEYGATE_REDIS_URL
 * (environment variables, where {@link Tomcat11IT} uses a system property). The leak check after each stop
 * covers the Redis client's threads too.
 *
 * <p>The database is the machine's {@code test} database; the sample gets a schema of its own
 * ({@code keygate_sample_it_<pid>}, created fresh first and dropped after the suite) because other modules' tests use the {@code public} schema
 * of the same database at the same time.
 */
class Tomcat11PostgresRedisIT extends SampleApiSuite {

    /** Unique per run: two checkouts building at once on one machine must not drop each other's schema. */
    static final String SCHEMA = "keygate_sample_it_" + Long.toString(ProcessHandle.current().pid(), 36);

    @Override
    protected ServletContainer newContainer() {
        Services.requirePostgres();
        Services.requireRedis();
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + SCHEMA + ": " + e.getMessage(), e);
        }
        return TomcatContainer.tomcat11();
    }

    @Override
    protected void configureDatabase(ServletContainer c) {
        c.env("KEYGATE_JDBC_URL", Services.POSTGRES_URL + "?currentSchema=" + SCHEMA);
        c.env("KEYGATE_JDBC_USER", Services.POSTGRES_USER);
        c.env("KEYGATE_REDIS_URL", Services.REDIS_URL);
    }

    @Override
    protected boolean redisConfigured() {
        return true;
    }

    @Override
    protected void dropDatabase() {
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + SCHEMA + ": " + e.getMessage(), e);
        }
    }
}
