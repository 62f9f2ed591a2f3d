package io.keygate.sample.config;

import io.keygate.webapp.WebappSettings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The sample's configuration, read once at start.
 *
 * <p>Each setting comes from a system property or an environment variable; the <b>system property wins</b> when
 * both are set, so {@code -Dkeygate.jdbc.url=...} on a container's command line overrides an inherited
 * environment. Empty values count as unset.
 *
 * <table>
 * <tr><th>environment</th><th>system property</th><th>default</th></tr>
 * <tr><td>KEYGATE_JDBC_URL</td><td>keygate.jdbc.url</td><td>{@code jdbc:h2:file:~/.keygate/keygate;AUTO_SERVER=FALSE}</td></tr>
 * <tr><td>KEYGATE_JDBC_USER</td><td>keygate.jdbc.user</td><td>{@code sa} for H2, else none</td></tr>
 * <tr><td>KEYGATE_JDBC_PASSWORD</td><td>keygate.jdbc.password</td><td>empty</td></tr>
 * <tr><td>KEYGATE_REDIS_URL</td><td>keygate.redis.url</td><td>none: in-process rate limits</td></tr>
 * <tr><td>KEYGATE_BOOTSTRAP_KEY</td><td>keygate.bootstrap.key</td><td>none: generated and printed once</td></tr>
 * <tr><td>KEYGATE_TOKEN_SECRET</td><td>keygate.token.secret</td><td>none: token signing keys stored unencrypted (one
 * WARNING at start)</td></tr>
 * <tr><td>KEYGATE_CONSOLE_IDLE_SECONDS, KEYGATE_CONSOLE_MAX_SECONDS</td><td>keygate.console.idle-seconds,
 * keygate.console.max-seconds</td><td>1800, 28800: see {@link ConsoleSettings}</td></tr>
 * </table>
 *
 * @param bootstrapKey a secret: {@link #toString()} never shows it, nor the password
 * @param tokenSecret  seals the token signing keys at rest (contract §8); a secret, never shown either
 * @param console      the console's session timeouts (contract §9)
 */
public record SampleConfig(String jdbcUrl, String jdbcUser, String jdbcPassword, String redisUrl,
                           String bootstrapKey, String tokenSecret, ConsoleSettings console) {

    public static final String JDBC_URL = "KEYGATE_JDBC_URL";
    public static final String JDBC_USER = "KEYGATE_JDBC_USER";
    public static final String JDBC_PASSWORD = "KEYGATE_JDBC_PASSWORD";
    public static final String REDIS_URL = "KEYGATE_REDIS_URL";
    public static final String BOOTSTRAP_KEY = "KEYGATE_BOOTSTRAP_KEY";
    public static final String TOKEN_SECRET = "KEYGATE_TOKEN_SECRET";

    /** The URL forms keygate-redis accepts (it validates the rest of the URL). */
    public static final java.util.List<String> REDIS_SCHEMES = java.util.List.of("redis://", "rediss://",
            "redis-cluster://", "rediss-cluster://", "redis-sentinel://", "rediss-sentinel://");

    /** The embedded default: a file under the user's home, so keys survive a restart. */
    public static final String DEFAULT_JDBC_URL = "jdbc:h2:file:~/.keygate/keygate;AUTO_SERVER=FALSE";

    /**
     * Added to embedded H2 URLs that do not set it: H2's own JVM shutdown hook would otherwise close the database
     * while the container is still undeploying the application (whose last writes, e.g. the final last-used
     * flush, then fail). The application closes the pool itself, which closes the database.
     */
    public static final String H2_NO_CLOSE_ON_EXIT = ";DB_CLOSE_ON_EXIT=FALSE";

    public SampleConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl cannot be null");
        Objects.requireNonNull(console, "console cannot be null");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new ConfigurationException(JDBC_URL + " is '" + redactUrl(jdbcUrl)
                    + "', but it must be a JDBC URL starting with 'jdbc:' (H2, PostgreSQL or MariaDB)");
        }
        if (redisUrl != null && REDIS_SCHEMES.stream().noneMatch(redisUrl::startsWith)) {
            throw new ConfigurationException(REDIS_URL + " must start with " + String.join(", ", REDIS_SCHEMES)
                    + " (a standalone Redis, a Redis Cluster seed list h1:p1,h2:p2 or a Sentinel URL)");
        }
    }

    /** Reads the process's system properties and environment. */
    public static SampleConfig fromSystem() {
        return from(System::getProperty, System::getenv);
    }

    /**
     * @param properties system-property lookup (wins)
     * @param environment environment-variable lookup
     */
    public static SampleConfig from(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Objects.requireNonNull(properties, "properties cannot be null");
        Objects.requireNonNull(environment, "environment cannot be null");
        String url = read(JDBC_URL, properties, environment);
        if (url == null) {
            url = DEFAULT_JDBC_URL;
        }
        if (WebappSettings.isEmbeddedH2(url) && !url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
            url = url + H2_NO_CLOSE_ON_EXIT;
        }
        String user = read(JDBC_USER, properties, environment);
        if (user == null && url.startsWith("jdbc:h2:")) {
            user = "sa";
        }
        String password = read(JDBC_PASSWORD, properties, environment);
        return new SampleConfig(url, user, password == null ? "" : password, read(REDIS_URL, properties, environment),
                read(BOOTSTRAP_KEY, properties, environment), read(TOKEN_SECRET, properties, environment),
                ConsoleSettings.from(properties, environment));
    }

    /** {@code KEYGATE_JDBC_URL} → {@code keygate.jdbc.url}. */
    public static String propertyName(String variable) {
        return variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }

    private static String read(String variable, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String value = properties.apply(propertyName(variable));
        if (value == null || value.isBlank()) {
            value = environment.apply(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Whether the database is the embedded H2 default location (the directory must exist before H2 opens it). */
    public boolean isEmbeddedH2File() {
        return jdbcUrl.startsWith("jdbc:h2:file:") || jdbcUrl.startsWith("jdbc:h2:~") || jdbcUrl.startsWith("jdbc:h2:/");
    }

    /** The directory an H2 file URL points into, with {@code ~} expanded; null for other URLs. */
    public Path h2Directory() {
        if (!isEmbeddedH2File()) {
            return null;
        }
        String path = jdbcUrl.substring(jdbcUrl.startsWith("jdbc:h2:file:") ? "jdbc:h2:file:".length() : "jdbc:h2:".length());
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        return parent;
    }

    /** The JDBC URL without anything that may hold credentials: {@link WebappSettings#redactUrl}. */
    public static String redactUrl(String url) {
        return WebappSettings.redactUrl(url);
    }

    @Override
    public String toString() {
        return "SampleConfig[jdbcUrl=" + redactUrl(jdbcUrl) + ", jdbcUser=" + jdbcUser
                + ", redis=" + (redisUrl == null ? "none" : redactUrl(redisUrl))
                + ", bootstrapKey=" + (bootstrapKey == null ? "none" : "given")
                + ", tokenSecret=" + (tokenSecret == null ? "none" : "given") + ", console=" + console.describe() + "]";
    }
}
