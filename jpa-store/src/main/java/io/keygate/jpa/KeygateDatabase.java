package io.keygate.jpa;

import io.keygate.store.StoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases keygate ships a schema for. Decides the EclipseLink platform, the Flyway migration folder and the
 * driver-level timeouts of a pool.
 */
public enum KeygateDatabase {

    H2("h2", "org.h2.Driver", "org.eclipse.persistence.platform.database.H2Platform", "jdbc:h2:"),
    POSTGRESQL("postgresql", "org.postgresql.Driver",
            "org.eclipse.persistence.platform.database.PostgreSQLPlatform", "jdbc:postgresql:"),
    /** MariaDB 10.6+ (the MariaDB Connector/J URL {@code jdbc:mariadb:}). */
    MARIADB("mariadb", "org.mariadb.jdbc.Driver", "org.eclipse.persistence.platform.database.MariaDBPlatform",
            "jdbc:mariadb:");

    /** Folder under which each database's migrations live in the jar, in Flyway's layout. */
    public static final String MIGRATION_ROOT = "db/migration/keygate/";

    private final String folder;
    private final String driverClassName;
    private final String eclipseLinkPlatform;
    private final String urlPrefix;

    KeygateDatabase(String folder, String driverClassName, String eclipseLinkPlatform, String urlPrefix) {
        this.folder = folder;
        this.driverClassName = driverClassName;
        this.eclipseLinkPlatform = eclipseLinkPlatform;
        this.urlPrefix = urlPrefix;
    }

    /** Flyway location of this database's migrations, e.g. {@code classpath:db/migration/keygate/postgresql}. */
    public String migrationLocation() {
        return "classpath:" + MIGRATION_ROOT + folder;
    }

    public String driverClassName() {
        return driverClassName;
    }

    /** Value for EclipseLink's {@code eclipselink.target-database}. */
    public String eclipseLinkPlatform() {
        return eclipseLinkPlatform;
    }

    /**
     * The database a JDBC URL points at.
     *
     * @throws IllegalArgumentException if it is none of H2, PostgreSQL, MariaDB; the message shows only the URL's
     *                                  scheme, since URLs may carry passwords
     */
    public static KeygateDatabase fromJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("jdbcUrl is required, e.g. jdbc:h2:~/.keygate/keygate");
        }
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        for (KeygateDatabase db : values()) {
            if (lower.startsWith(db.urlPrefix)) {
                return db;
            }
        }
        throw new IllegalArgumentException("jdbcUrl '" + scheme(jdbcUrl) + "...' is not supported, because keygate "
                + "ships schemas for jdbc:h2:, jdbc:postgresql: and jdbc:mariadb: only");
    }

    /**
     * The database behind a DataSource, from the product name its driver reports. Opens one connection.
     *
     * @throws StoreUnavailableException if no connection can be had
     * @throws IllegalArgumentException  if the product is not supported
     */
    public static KeygateDatabase of(DataSource dataSource) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open a connection to detect the database type (SQLState "
                    + e.getSQLState() + "); name the KeygateDatabase explicitly to start without a connection", e);
        }
        return fromProductName(product);
    }

    static KeygateDatabase fromProductName(String product) {
        String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (lower.contains("h2")) {
            return H2;
        }
        if (lower.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (lower.contains("mariadb") || lower.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("database product '" + product + "' is not supported, because keygate "
                + "ships schemas for H2, PostgreSQL and MariaDB only");
    }

    private static String scheme(String url) {
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second < 0 ? url.substring(0, Math.min(url.length(), 12)) : url.substring(0, second + 1);
    }
}
