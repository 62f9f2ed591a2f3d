package io.keygate.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.time.Duration;
import java.util.Objects;

/**
 * A HikariCP pool with timeouts that suit a web application: a request thread waits at most
 * {@link Builder#connectionTimeout(Duration) connectionTimeout} for a connection and the driver gives up on a dead
 * socket after {@link Builder#socketTimeout(Duration) socketTimeout}, so a database outage becomes a quick
 * {@link io.keygate.store.StoreUnavailableException} instead of a hung thread.
 *
 * <pre>{@code
 * HikariDataSource pool = KeygateDataSources.pool("jdbc:postgresql://db:5432/app", "keygate", secret);
 * }</pre>
 *
 * Close the pool on undeploy ({@code pool.close()}), after the store.
 */
public final class KeygateDataSources {

    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_POOL_NAME = "keygate";

    private KeygateDataSources() {
    }

    /** A pool with the defaults. */
    public static HikariDataSource pool(String jdbcUrl, String user, String password) {
        return builder(jdbcUrl).user(user).password(password).build();
    }

    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** Immutable once built; every value is checked by {@link #build()}. */
    public static final class Builder {
        private final String jdbcUrl;
        private final KeygateDatabase database;
        private String user;
        private String password;
        private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration validationTimeout = DEFAULT_VALIDATION_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
        private String poolName = DEFAULT_POOL_NAME;

        private Builder(String jdbcUrl) {
            this.database = KeygateDatabase.fromJdbcUrl(jdbcUrl);
            this.jdbcUrl = jdbcUrl;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Default 10. Connections the pool holds at most; requests beyond wait up to connectionTimeout. */
        public Builder maximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
            return this;
        }

        /** Default 2 s. Longest wait of a request thread for a pooled connection (Hikari's connectionTimeout). */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = Objects.requireNonNull(connectionTimeout, "connectionTimeout cannot be null");
            return this;
        }

        /** Default 1 s. Longest check of a pooled connection's liveness before it is handed out. */
        public Builder validationTimeout(Duration validationTimeout) {
            this.validationTimeout = Objects.requireNonNull(validationTimeout, "validationTimeout cannot be null");
            return this;
        }

        /** Default 2 s. TCP connect and login timeout of the driver (PostgreSQL, MariaDB). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout cannot be null");
            return this;
        }

        /**
         * Default 10 s. The driver abandons a socket silent for this long (PostgreSQL, MariaDB): the backstop for a
         * database that stops answering mid-query. Keep it above the store's statement timeout.
         */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout cannot be null");
            return this;
        }

        public Builder poolName(String poolName) {
            this.poolName = Objects.requireNonNull(poolName, "poolName cannot be null");
            return this;
        }

        /**
         * Starts the pool. It does not need the database to be up: connections are opened in the background, and
         * calls fail with a timeout until it answers.
         *
         * @throws IllegalArgumentException naming the parameter, value and rule of a bad setting
         * @throws IllegalStateException    if the database's JDBC driver is not on the class path
         */
        public HikariDataSource build() {
            check("maximumPoolSize", maximumPoolSize, maximumPoolSize >= 1 && maximumPoolSize <= 1000, "1..1000");
            check("connectionTimeout", connectionTimeout, connectionTimeout.toMillis() >= 250, "at least 250 ms");
            check("validationTimeout", validationTimeout,
                    validationTimeout.toMillis() >= 250 && validationTimeout.compareTo(connectionTimeout) < 0,
                    "at least 250 ms and below connectionTimeout");
            check("connectTimeout", connectTimeout, connectTimeout.toSeconds() >= 1, "at least 1 s");
            check("socketTimeout", socketTimeout, socketTimeout.toSeconds() >= 1, "at least 1 s");
            requireDriver();

            HikariConfig config = new HikariConfig();
            config.setPoolName(poolName);
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            // named explicitly: DriverManager does not always see drivers in a WAR's WEB-INF/lib
            config.setDriverClassName(database.driverClassName());
            config.setMaximumPoolSize(maximumPoolSize);
            config.setConnectionTimeout(connectionTimeout.toMillis());
            config.setValidationTimeout(validationTimeout.toMillis());
            // start even when the database is down; the store reports StoreUnavailable until it is back
            config.setInitializationFailTimeout(-1);
            switch (database) {
                case POSTGRESQL -> {
                    config.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeout.toSeconds()));
                    config.addDataSourceProperty("loginTimeout", String.valueOf(connectTimeout.toSeconds()));
                    config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
                    config.addDataSourceProperty("tcpKeepAlive", "true");
                }
                case MARIADB -> {
                    config.addDataSourceProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
                    config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
                    config.addDataSourceProperty("tcpKeepAlive", "true");
                }
                case H2 ->
                    // embedded H2 has no network; for a TCP server URL the statement timeout bounds each call,
                    // and H2's own "connection broken" codes must evict the connection (Hikari knows only 08xxx)
                    config.setExceptionOverride(new H2ConnectionEviction());
            }
            return new HikariDataSource(config);
        }

        private void requireDriver() {
            try {
                Class.forName(database.driverClassName(), false, driverLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the JDBC driver " + database.driverClassName() + " for " + database
                        + " is not on the class path: add it to the application (see the keygate-jpa-store README)", e);
            }
        }

        private ClassLoader driverLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : KeygateDataSources.class.getClassLoader();
        }

        private static void check(String name, Object value, boolean ok, String rule) {
            if (!ok) {
                throw new IllegalArgumentException(value + " is wrong value for " + name + ", because it must be "
                        + rule);
            }
        }
    }
}
