package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.JettyContainer;
import io.keygate.testing.Services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The suite in Jetty 12 with MariaDB as the database (KEYGATE_JDBC_URL / KEYGATE_JDBC_USER), in a database of its
 * own ({@code keygate_sample_it_<pid>}, created fresh first and dropped after the suite) because other modules' tests use {@code test}.
 */
class Jetty12MariaDbIT extends SampleApiSuite {

    /** Unique per run: two checkouts building at once on one machine must not drop each other's database. */
    static final String DATABASE = "keygate_sample_it_" + Long.toString(ProcessHandle.current().pid(), 36);

    @Override
    protected ServletContainer newContainer() {
        Services.requireMariaDb();
        try (Connection c = DriverManager.getConnection(Services.MARIADB_URL, Services.MARIADB_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + DATABASE + ": " + e.getMessage(), e);
        }
        return JettyContainer.jetty12();
    }

    @Override
    protected void configureDatabase(ServletContainer c) {
        c.env("KEYGATE_JDBC_URL", "jdbc:mariadb://127.0.0.1:3306/" + DATABASE);
        c.env("KEYGATE_JDBC_USER", Services.MARIADB_USER);
    }

    @Override
    protected void dropDatabase() {
        try (Connection c = DriverManager.getConnection(Services.MARIADB_URL, Services.MARIADB_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + DATABASE + ": " + e.getMessage(), e);
        }
    }
}
