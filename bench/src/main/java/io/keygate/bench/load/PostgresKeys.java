package io.keygate.bench.load;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.KeyQuery;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A copy of some of the bench server's keys in PostgreSQL, in a schema of its own that {@link #close()} drops: the
 * hand-rolled baseline against a database reached over a socket, as in most deployments.
 */
final class PostgresKeys implements AutoCloseable {

    private final String url;
    private final String user;
    private final String schema;
    private final HikariDataSource pool;
    private final JpaApiKeyStore store;

    /** Copies the valid key and up to 100 others (one page of {@code source}) into the new schema. */
    PostgresKeys(String url, String user, String schema, ApiKeyStore source, String validKey)
            throws SQLException {
        this.url = url;
        this.user = user;
        this.schema = schema;
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        pool = KeygateDataSources.pool(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, "");
        KeygateMigrations.migrate(pool);
        store = JpaApiKeyStore.create(pool);
        ApiKey valid = source.findByHash(KeyFormat.sha256Hex(validKey)).orElseThrow();
        store.insert(valid);
        for (ApiKey other : source.search(new KeyQuery(null, null, 1, KeyQuery.MAX_SIZE)).items()) {
            if (!other.id().equals(valid.id())) {
                store.insert(other);
            }
        }
    }

    JpaApiKeyStore store() {
        return store;
    }

    private void execute(String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            store.close();
            pool.close();
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
