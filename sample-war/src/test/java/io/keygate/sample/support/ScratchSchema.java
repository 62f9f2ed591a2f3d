package io.keygate.sample.support;

import io.keygate.testing.Services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A PostgreSQL schema of its own for one test class (random name), dropped on close. */
public final class ScratchSchema implements AutoCloseable {

    private final String name = "kg_s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private ScratchSchema() {
    }

    /** Creates it (skips the test, or fails with KEYGATE_REQUIRE_SERVICES=1, when PostgreSQL is absent). */
    public static ScratchSchema postgres() {
        Services.requirePostgres();
        ScratchSchema schema = new ScratchSchema();
        schema.execute("CREATE SCHEMA " + schema.name);
        return schema;
    }

    public String jdbcUrl() {
        return Services.POSTGRES_URL + "?currentSchema=" + name;
    }

    public String user() {
        return Services.POSTGRES_USER;
    }

    @Override
    public void close() {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }
}
