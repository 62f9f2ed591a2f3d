package io.keygate.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.testing.Services;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own for one test class: an H2 in-memory database, a PostgreSQL schema or a MariaDB database
 * with a random name, migrated with keygate's Flyway scripts and dropped on close, so runs are repeatable and
 * never see each other's rows.
 */
final class ScratchDatabase implements AutoCloseable {

    final KeygateDatabase type;
    final String name;
    final String jdbcUrl;
    final String user;
    final HikariDataSource pool;

    private ScratchDatabase(KeygateDatabase type, String name, String jdbcUrl, String user, boolean migrate) {
        this.type = type;
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        // a connection wait longer than production's 2 s: the tests' 32-thread runs share a busy build machine, and
        // what they check is that nothing is lost, not how long a thread waited for a pooled connection
        this.pool = KeygateDataSources.builder(jdbcUrl).user(user).password("")
                .connectionTimeout(java.time.Duration.ofSeconds(15)).build();
        if (migrate) {
            KeygateMigrations.migrate(pool);
        }
    }

    static ScratchDatabase h2() {
        return h2(true);
    }

    static ScratchDatabase postgres() {
        return postgres(true);
    }

    static ScratchDatabase mariaDb() {
        return mariaDb(true);
    }

    static ScratchDatabase h2(boolean migrate) {
        String name = randomName();
        return new ScratchDatabase(KeygateDatabase.H2, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa",
                migrate);
    }

    static ScratchDatabase postgres(boolean migrate) {
        Services.requirePostgres();
        String name = randomName();
        execute(Services.POSTGRES_URL, Services.POSTGRES_USER, "CREATE SCHEMA " + name);
        return new ScratchDatabase(KeygateDatabase.POSTGRESQL, name,
                Services.POSTGRES_URL + "?currentSchema=" + name, Services.POSTGRES_USER, migrate);
    }

    static ScratchDatabase mariaDb(boolean migrate) {
        Services.requireMariaDb();
        String name = randomName();
        execute(Services.MARIADB_URL, Services.MARIADB_USER, "CREATE DATABASE " + name);
        return new ScratchDatabase(KeygateDatabase.MARIADB, name,
                Services.MARIADB_URL.substring(0, Services.MARIADB_URL.lastIndexOf('/') + 1) + name,
                Services.MARIADB_USER, migrate);
    }

    static ScratchDatabase open(String db, boolean migrate) {
        return switch (db) {
            case "h2" -> h2(migrate);
            case "postgres" -> postgres(migrate);
            case "mariadb" -> mariaDb(migrate);
            default -> throw new IllegalArgumentException(db);
        };
    }

    /** Rows of a one-column query, as strings. */
    java.util.List<String> column(String sql) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    void update(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    DataSource dataSource() {
        return pool;
    }

    /** Removes every key: the state a contract test starts from. */
    void deleteAllKeys() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM apikey");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pool.close();
        switch (type) {
            case POSTGRESQL -> execute(Services.POSTGRES_URL, Services.POSTGRES_USER, "DROP SCHEMA " + name + " CASCADE");
            case MARIADB -> execute(Services.MARIADB_URL, Services.MARIADB_USER, "DROP DATABASE " + name);
            case H2 -> execute(jdbcUrl, user, "SHUTDOWN");
        }
    }

    private static String randomName() {
        return "kg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    static void execute(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }
}
