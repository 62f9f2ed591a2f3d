package io.keygate.webapp;

import io.keygate.keys.Ids;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What {@link KeygateListener} builds, read once at deployment from {@code keygate.*} context-params (each may also
 * be given as a system property of the same name or an environment variable such as {@code KEYGATE_JDBC_URL}; the
 * context-param wins, then the system property). Every value is checked here: a bad or unknown parameter fails the
 * deployment with a message naming the parameter, the value and the rule. Secrets (password, bootstrap key) are
 * never shown, not even in {@link #toString()}.
 *
 * <table>
 * <caption>Parameters</caption>
 * <tr><th>parameter</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #JDBC_URL}</td><td>an H2 file {@code ~/.keygate/<context>}</td><td>JDBC URL of keygate's
 * database (H2, PostgreSQL or MariaDB); keygate opens a HikariCP pool on it</td></tr>
 * <tr><td>{@value #JDBC_USER}</td><td>{@code sa} for H2, else none</td><td>database user</td></tr>
 * <tr><td>{@value #JDBC_PASSWORD}</td><td>empty</td><td>database password (prefer the environment variable)</td></tr>
 * <tr><td>{@value #DATASOURCE}</td><td>none</td><td>JNDI name of a container DataSource
 * ({@code java:comp/env/jdbc/keygate}) to use instead of a URL; the container owns that pool</td></tr>
 * <tr><td>{@value #PLAN}</td><td>{@value #DEFAULT_PLAN}</td><td>limits of every key without a plan or limit of
 * its own: {@code N/Ws} entries (N requests per W seconds), comma-separated; {@code none} for no limits</td></tr>
 * <tr><td>{@value #BOOTSTRAP}</td><td>{@code true}</td><td>create an admin key when the organization has no
 * active one, and print it once to standard output</td></tr>
 * <tr><td>{@value #BOOTSTRAP_KEY}</td><td>none</td><td>that key, given instead of generated (a live key; prefer
 * the environment variable {@code KEYGATE_BOOTSTRAP_KEY})</td></tr>
 * <tr><td>{@value #ORGANIZATION}</td><td>{@value #DEFAULT_ORGANIZATION}</td><td>organization of the bootstrap
 * admin key; its admin keys may manage the keys of every organization</td></tr>
 * </table>
 *
 * @param jdbcUrl       null when {@code dataSourceName} is set
 * @param dataSourceName JNDI name, or null
 * @param defaultPlan   the plan of organizations without one
 */
public record WebappSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, String dataSourceName,
                             Plan defaultPlan, boolean bootstrap, String bootstrapKey, String organization) {

    public static final String PREFIX = "keygate.";
    public static final String JDBC_URL = "keygate.jdbc.url";
    public static final String JDBC_USER = "keygate.jdbc.user";
    public static final String JDBC_PASSWORD = "keygate.jdbc.password";
    public static final String DATASOURCE = "keygate.datasource";
    public static final String PLAN = "keygate.plan";
    public static final String BOOTSTRAP = "keygate.bootstrap";
    public static final String BOOTSTRAP_KEY = "keygate.bootstrap.key";
    public static final String ORGANIZATION = "keygate.organization";

    /** Every parameter this class reads. */
    public static final Set<String> PARAMETERS = Set.of(JDBC_URL, JDBC_USER, JDBC_PASSWORD, DATASOURCE, PLAN,
            BOOTSTRAP, BOOTSTRAP_KEY, ORGANIZATION);
    /**
     * {@code keygate.*} names that belong to other keygate modules' listeners and are left to them:
     * {@code keygate.redis.*} (keygate-redis), {@code keygate.auth.*} (keygate-jakarta-security),
     * {@code keygate.token.*} (keygate-token).
     */
    public static final List<String> OTHER_MODULES = List.of("keygate.redis.", "keygate.auth.", "keygate.token.");

    /**
     * Limits on by default, so that a fresh installation answers with rate-limit headers: sixty requests a minute
     * and ten thousand a day per key.
     */
    public static final String DEFAULT_PLAN = "60/60s,10000/86400s";
    public static final String DEFAULT_PLAN_NAME = "default";
    /** The organization of the bootstrap key (and the name keygate's management plane gives it). */
    public static final String DEFAULT_ORGANIZATION = "platform";
    /** Directory of the embedded default database; the file is named after the context path. */
    public static final String DEFAULT_H2_DIRECTORY = "~/.keygate/";
    /**
     * Added to embedded H2 URLs that do not set it: H2's own JVM shutdown hook would otherwise close the database
     * while the container is still undeploying the application, whose last writes (the final last-used and usage
     * flushes) then fail with "database is closed" (90121). keygate closes the pool itself, which closes H2.
     */
    public static final String H2_NO_CLOSE_ON_EXIT = ";DB_CLOSE_ON_EXIT=FALSE";

    public WebappSettings {
        Objects.requireNonNull(defaultPlan, "defaultPlan cannot be null");
        Objects.requireNonNull(organization, "organization cannot be null");
        if ((jdbcUrl == null) == (dataSourceName == null)) {
            throw new IllegalArgumentException("exactly one of " + JDBC_URL + " and " + DATASOURCE + " must be set");
        }
    }

    /**
     * Reads and checks the parameters.
     *
     * @param contextParams the {@code keygate.*} context-params (others are ignored)
     * @param properties    system-property lookup
     * @param environment   environment-variable lookup ({@code keygate.jdbc.url} → {@code KEYGATE_JDBC_URL})
     * @param contextName   names the default H2 file (the context path without its slash; {@code ROOT} for "")
     * @throws IllegalArgumentException naming the parameter, the value (never a secret) and the rule
     */
    public static WebappSettings from(Map<String, String> contextParams, UnaryOperator<String> properties,
                                      UnaryOperator<String> environment, String contextName) {
        Objects.requireNonNull(contextParams, "contextParams cannot be null");
        for (String name : contextParams.keySet()) {
            if (name.startsWith(PREFIX) && !PARAMETERS.contains(name)
                    && OTHER_MODULES.stream().noneMatch(name::startsWith)) {
                throw new IllegalArgumentException("'" + name + "' is not a keygate parameter, because the known ones "
                        + "are " + String.join(", ", new java.util.TreeSet<>(PARAMETERS)));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            String value = contextParams.get(name);
            if (blank(value)) {
                value = properties.apply(name);
            }
            if (blank(value)) {
                value = environment.apply(environmentName(name));
            }
            if (!blank(value)) {
                values.put(name, value.trim());
            }
        }
        String url = values.get(JDBC_URL);
        String dataSource = values.get(DATASOURCE);
        if (url != null && dataSource != null) {
            throw new IllegalArgumentException("'" + dataSource + "' is wrong value for " + DATASOURCE
                    + ", because " + JDBC_URL + " is set too: give keygate either a JDBC URL or a DataSource");
        }
        if (dataSource != null && !dataSource.startsWith("java:")) {
            throw new IllegalArgumentException("'" + dataSource + "' is wrong value for " + DATASOURCE
                    + ", because it must be a JNDI name starting with 'java:', e.g. java:comp/env/jdbc/keygate");
        }
        if (url == null && dataSource == null) {
            url = "jdbc:h2:file:" + DEFAULT_H2_DIRECTORY + fileName(contextName);
        }
        if (url != null) {
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("'" + redactUrl(url) + "' is wrong value for " + JDBC_URL
                        + ", because it must be a JDBC URL starting with jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:");
            }
            if (isEmbeddedH2(url) && !url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")) {
                url = url + H2_NO_CLOSE_ON_EXIT;
            }
        }
        String user = values.get(JDBC_USER);
        if (user == null && url != null && url.startsWith("jdbc:h2:")) {
            user = "sa";
        }
        String password = values.getOrDefault(JDBC_PASSWORD, "");
        Plan plan = parsePlan(values.getOrDefault(PLAN, DEFAULT_PLAN));
        boolean bootstrap = parseBoolean(BOOTSTRAP, values.getOrDefault(BOOTSTRAP, "true"));
        String organization = values.getOrDefault(ORGANIZATION, DEFAULT_ORGANIZATION);
        if (!Ids.isValid(organization)) {
            throw new IllegalArgumentException("'" + organization + "' is wrong value for " + ORGANIZATION
                    + ", because it must be " + Ids.RULE_TEXT);
        }
        String bootstrapKey = values.get(BOOTSTRAP_KEY);
        if (bootstrapKey != null && !bootstrap) {
            throw new IllegalArgumentException(BOOTSTRAP_KEY + " is set, but " + BOOTSTRAP
                    + " is false: remove the key or turn the bootstrap on");
        }
        return new WebappSettings(url, url == null ? null : user, url == null ? null : password, dataSource, plan,
                bootstrap, bootstrapKey, organization);
    }

    /** With defaults for everything not given (tests, programmatic use). */
    public static WebappSettings from(Map<String, String> params) {
        return from(params, name -> null, name -> null, "keygate");
    }

    /** {@code keygate.jdbc.url} → {@code KEYGATE_JDBC_URL}. */
    public static String environmentName(String parameter) {
        return parameter.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Parses {@code N/Ws} entries ({@code 60/60s,10000/86400s}; the {@code s} may be left out) into the default
     * plan; {@code none} is a plan without limits.
     */
    static Plan parsePlan(String text) {
        if (text.equalsIgnoreCase("none")) {
            return Plan.unlimited(DEFAULT_PLAN_NAME);
        }
        List<Limit> limits = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            if (entry.endsWith("s")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            Limit limit;
            try {
                limit = Limit.parse(entry);
            } catch (IllegalArgumentException e) {
                throw planError(text);
            }
            if (limit.windowSeconds() > Limit.MAX_SECONDS) {
                throw planError(text);
            }
            limits.add(limit);
        }
        return new Plan(DEFAULT_PLAN_NAME, true, Collections.unmodifiableList(limits));
    }

    private static IllegalArgumentException planError(String text) {
        return new IllegalArgumentException("'" + text + "' is wrong value for " + PLAN + ", because it must be "
                + "comma-separated N/Ws limits (N requests per W seconds, both at least 1, W at most "
                + Limit.MAX_SECONDS + "), e.g. " + DEFAULT_PLAN + ", or none");
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is wrong value for " + name
                    + ", because it must be true or false");
        };
    }

    private static String fileName(String contextName) {
        String name = contextName == null ? "" : contextName.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() ? "ROOT" : name;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Whether an H2 URL is embedded (in this JVM), i.e. not a TCP or SSL server URL. */
    public static boolean isEmbeddedH2(String url) {
        return url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:");
    }

    /** The JDBC URL without anything that may hold credentials (query string, parameters, user info). */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        int cut = url.length();
        for (char c : new char[]{'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String base = url.substring(0, cut);
        int at = base.indexOf('@');
        if (at >= 0) {
            int scheme = base.indexOf("//");
            base = base.substring(0, scheme >= 0 ? scheme + 2 : 0) + "***" + base.substring(at);
        }
        return base;
    }

    /** Where the database is, for log lines and messages: the redacted URL or the JNDI name. */
    public String describeDatabase() {
        return jdbcUrl != null ? redactUrl(jdbcUrl) : dataSourceName;
    }

    @Override
    public String toString() {
        return "WebappSettings[database=" + describeDatabase() + (jdbcUser != null ? ", user=" + jdbcUser : "")
                + ", plan=" + (defaultPlan.limits().isEmpty() ? "none" : defaultPlan.limits())
                + ", bootstrap=" + (!bootstrap ? "off" : bootstrapKey != null ? "given key" : "generated")
                + ", organization=" + organization + "]";
    }
}
