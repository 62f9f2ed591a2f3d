package io.keygate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL schema of its own (random name, so that test classes, forks and checkouts building at once on one
 * machine never share or drop each other's) in the machine's {@code test} database, dropped on close.
 */
public final class ScratchSchema implements AutoCloseable {

    private final String name;

    private ScratchSchema(String prefix) {
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates one (skips the test, or fails with KEYGATE_REQUIRE_SERVICES=1, when PostgreSQL is absent). */
    public static ScratchSchema postgres() {
        return postgres("kg_s");
    }

    /** The same, its name starting with {@code prefix} (what the test is, for whoever finds a leftover). */
    public static ScratchSchema postgres(String prefix) {
        Services.requirePostgres();
        ScratchSchema schema = new ScratchSchema(prefix);
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of the test database with this schema as the current one. */
    public String jdbcUrl() {
        return Services.POSTGRES_URL + "?currentSchema=" + name;
    }

    public String user() {
        return Services.POSTGRES_USER;
    }

    /** Runs one statement on the test database (as {@link #user()}, outside this schema unless it names it). */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
