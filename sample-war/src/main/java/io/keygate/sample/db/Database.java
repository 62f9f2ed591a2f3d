package io.keygate.sample.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The sample's connection pool and its schema. One HikariCP pool serves keygate's key store, the sample's JPA
 * entities and the plan lookups.
 *
 * <p>Timeouts are short on purpose: when the database is down a request (or {@code /health}) gets an answer in
 * about {@link #CONNECTION_TIMEOUT} instead of hanging a container thread.
 */
public final class Database implements AutoCloseable {

    /** Flyway location of the sample's own migrations; {@code /<database>} is appended. */
    public static final String SAMPLE_MIGRATIONS = "classpath:db/keygate-sample/";
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final String POOL_NAME = "keygate-sample";
    public static final int MAX_POOL_SIZE = 10;
    static final Duration THREAD_END_TIMEOUT = Duration.ofSeconds(5);

    private final KeygateDatabase kind;
    private final HikariDataSource dataSource;

    private Database(KeygateDatabase kind, HikariDataSource dataSource) {
        this.kind = kind;
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool and fails at once (with a message naming the URL, never the password) if the database cannot
     * be reached.
     */
    public static Database open(SampleConfig config) {
        Objects.requireNonNull(config, "config cannot be null");
        KeygateDatabase kind;
        try {
            kind = KeygateDatabase.fromJdbcUrl(config.jdbcUrl());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SampleConfig.JDBC_URL + ": " + e.getMessage(), e);
        }
        if (config.isEmbeddedH2File()) {
            createDirectory(config.h2Directory());
        }
        HikariDataSource pool;
        try {
            pool = KeygateDataSources.builder(config.jdbcUrl())
                    .user(config.jdbcUser())
                    .password(config.jdbcPassword())
                    .poolName(POOL_NAME)
                    .maximumPoolSize(MAX_POOL_SIZE)
                    .connectionTimeout(CONNECTION_TIMEOUT)
                    .build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot set up the connection pool for "
                    + SampleConfig.redactUrl(config.jdbcUrl()) + ": " + rootMessage(e), e);
        }
        Database database = new Database(kind, pool);
        // the pool starts without the database; the sample would rather not: fail deployment with the reason now
        try (Connection c = pool.getConnection()) {
            c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw new ConfigurationException("cannot connect to the database at "
                    + SampleConfig.redactUrl(config.jdbcUrl()) + " (" + SampleConfig.JDBC_URL + ", user "
                    + config.jdbcUser() + "): " + rootMessage(e), e);
        }
        return database;
    }

    /** keygate's own schema (history table {@value KeygateMigrations#HISTORY_TABLE}), then the sample's. */
    public void migrate() {
        try {
            KeygateMigrations.migrate(dataSource, kind);
        } catch (RuntimeException e) {
            throw new ConfigurationException("keygate's database migrations failed on " + folder() + ": "
                    + rootMessage(e), e);
        }
        migrateSample();
    }

    /**
     * Applies the sample's migrations ({@code db/keygate-sample/<database>}) with Flyway's default history table.
     * keygate's own migrations run first (they keep their own history table); because the schema then is no
     * longer empty, the sample's history starts from a baseline at version 0 so that its V1 still runs.
     */
    private void migrateSample() {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(SAMPLE_MIGRATIONS + folder())
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ConfigurationException("the sample's database migrations failed on " + folder() + ": "
                    + rootMessage(e), e);
        }
    }

    /** Publishes the pool's meters ({@code hikaricp_connections_*}) in {@code registry}. */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public KeygateDatabase kind() {
        return kind;
    }

    private String folder() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** True if a connection can be had and answers within {@code timeoutSeconds}. Never throws. */
    public boolean isReachable(int timeoutSeconds) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the pool and waits (bounded) until its threads have ended: HikariCP stops its housekeeping thread
     * without waiting for it, and a container that looks for leaked threads right after undeploy (Tomcat) would
     * otherwise still see it.
     */
    @Override
    public void close() {
        dataSource.close();
        String prefix = dataSource.getPoolName() + ":";
        long deadline = System.nanoTime() + THREAD_END_TIMEOUT.toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    t.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void createDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ConfigurationException("cannot create the H2 database directory " + directory + " ("
                    + SampleConfig.JDBC_URL + "): " + e, e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
