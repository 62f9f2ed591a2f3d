package io.keygate.webapp;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.keygate.Keygate;
import io.keygate.jpa.JdbcUsageStore;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.webapp.ops.HealthCheck;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Everything keygate runs on in a web application, built in order and closed in reverse: meter registry → database
 * (a HikariCP pool on the JDBC URL, or the container's JNDI DataSource) → keygate's migrations → key store and
 * usage store → {@link Keygate} (default plan, rate limiter) → bootstrap admin key → health check.
 * {@link KeygateListener} builds one from context-params; an application with more to set up (the sample) builds
 * one in its own listener and adds its parts through the builder's hooks.
 *
 * <pre>{@code
 * KeygateRuntime runtime = KeygateRuntime.builder(WebappSettings.from(Map.of())).start();
 * runtime.publish(servletContext);     // Keygate, health check and meter registry for the filter and servlets
 * ...
 * runtime.close();                     // on undeploy, after the filter has made its final flushes
 * }</pre>
 *
 * <p>Close order on undeploy: the container destroys the filter first (its final last-used and usage flushes write
 * through the still-open pool), then the listener closes the Keygate (rate limiter), the store, the pool (waiting
 * for its threads, so a container's leak check right after undeploy sees none) and the meter registry.
 */
public final class KeygateRuntime implements AutoCloseable {

    /** ServletContext attribute holding the running instance. */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.webapp.KeygateRuntime";
    /** Default wait for a pooled connection: a request (or {@code /health}) answers within it when the database is down. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final String POOL_NAME = "keygate";
    static final Duration THREAD_END_TIMEOUT = Duration.ofSeconds(5);
    /** How long a start waits for a pool that is slow (not failing) to open its first connection. */
    static final Duration STARTUP_CONNECTION_WAIT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(KeygateRuntime.class.getName());

    private final Deque<AutoCloseable> resources;
    private final WebappSettings settings;
    private final DataSource dataSource;
    private final KeygateDatabase database;
    private final PrometheusMeterRegistry meterRegistry;
    private final Keygate keygate;
    private final HealthCheck health;

    private KeygateRuntime(Deque<AutoCloseable> resources, Builder b, DataSource dataSource, KeygateDatabase database,
                           PrometheusMeterRegistry meterRegistry, Keygate keygate) {
        this.resources = resources;
        this.settings = b.settings;
        this.dataSource = dataSource;
        this.database = database;
        this.meterRegistry = meterRegistry;
        this.keygate = keygate;
        this.health = new HealthCheck(HealthCheck.database(dataSource), keygate.rateLimiter());
    }

    public static Builder builder(WebappSettings settings) {
        return new Builder(settings);
    }

    /** What the hooks of {@link Builder} may use while the runtime is being built. */
    public interface Setup {
        DataSource dataSource();

        KeygateDatabase database();

        /** Where keygate's meters go; {@code /metrics} shows it. */
        PrometheusMeterRegistry meterRegistry();

        Clock clock();

        /** Closes {@code resource} when the runtime closes (before what was built earlier). */
        <T extends AutoCloseable> T closeOnStop(T resource);
    }

    public WebappSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public KeygateDatabase database() {
        return database;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public Keygate keygate() {
        return keygate;
    }

    public HealthCheck health() {
        return health;
    }

    /**
     * Publishes the {@link Keygate} (for {@code ApiKeyAuthFilter}), the health check and the meter registry (for the
     * {@code /health} and {@code /metrics} servlets) and this runtime as ServletContext attributes.
     */
    public void publish(jakarta.servlet.ServletContext context) {
        context.setAttribute(CONTEXT_ATTRIBUTE, this);
        context.setAttribute(HealthCheck.CONTEXT_ATTRIBUTE, health);
        context.setAttribute(io.keygate.webapp.ops.MetricsServlet.REGISTRY_ATTRIBUTE, meterRegistry);
        context.setAttribute(Keygate.CONTEXT_ATTRIBUTE, keygate);
    }

    /** Removes what {@link #publish} set. */
    public static void unpublish(jakarta.servlet.ServletContext context) {
        context.removeAttribute(Keygate.CONTEXT_ATTRIBUTE);
        context.removeAttribute(io.keygate.webapp.ops.MetricsServlet.REGISTRY_ATTRIBUTE);
        context.removeAttribute(HealthCheck.CONTEXT_ATTRIBUTE);
        context.removeAttribute(CONTEXT_ATTRIBUTE);
    }

    /** Closes everything in reverse order of creation; a failure closing one part does not keep the rest open. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        // a container that interrupts a failing deployment (Tomcat stopping meanwhile) must still get everything
        // closed: HikariCP gives up closing on an interrupted thread and would leave its threads running
        boolean interrupted = Thread.interrupted();
        try {
            closeEach(resources);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeEach(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "keygate: closing " + r + " failed: " + e);
            }
        }
    }

    /** Builds and starts a runtime; every hook is optional. */
    public static final class Builder {
        private final WebappSettings settings;
        private Clock clock = Clock.systemUTC();
        private PrintStream out = System.out;
        private Consumer<Setup> afterMigrations = s -> { };
        private BiConsumer<Setup, Keygate.Builder> customizer = (s, b) -> { };
        private io.keygate.limit.RateLimiter rateLimiter;
        private String bootstrapKeyName = WebappSettings.environmentName(WebappSettings.BOOTSTRAP_KEY);

        private Builder(WebappSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Where a generated bootstrap key is announced. Default: standard output. */
        public Builder announceTo(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out cannot be null");
            return this;
        }

        /** Runs after keygate's migrations, e.g. the application's own migrations and seeds. */
        public Builder afterMigrations(Consumer<Setup> hook) {
            this.afterMigrations = Objects.requireNonNull(hook, "hook cannot be null");
            return this;
        }

        /**
         * Adjusts the {@link Keygate.Builder} before it builds (plan resolver, key format, ...). It comes with the
         * store, usage store, default plan, rate limiter, meter registry and clock already set.
         */
        public Builder keygate(BiConsumer<Setup, Keygate.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer cannot be null");
            return this;
        }

        /** The rate limiter (e.g. Redis's); closed with the Keygate. Default: in process. */
        public Builder rateLimiter(io.keygate.limit.RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        /** How the operator sets the bootstrap key, for messages (default {@code KEYGATE_BOOTSTRAP_KEY}). */
        public Builder bootstrapKeyName(String name) {
            this.bootstrapKeyName = Objects.requireNonNull(name, "name cannot be null");
            return this;
        }

        /**
         * Builds everything. If a step fails, what was built is closed again.
         *
         * @throws IllegalStateException saying what is wrong (never a password or key)
         */
        public KeygateRuntime start() {
            BootstrapAdminKey.checkKey(bootstrapKeyName, settings.bootstrapKey(),
                    io.keygate.keys.KeyFormat.standard());
            Deque<AutoCloseable> resources = new ArrayDeque<>();
            try {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                resources.push(named("meter registry", registry::close));
                new JvmMemoryMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                new UptimeMetrics().bindTo(registry);
                // meters other modules register in Micrometer's global registry (the Redis listener's) show in
                // /metrics too; the global registry is this web application's own when Micrometer is in WEB-INF/lib
                Metrics.globalRegistry.add(registry);
                resources.push(named("global registry link", () -> Metrics.globalRegistry.remove(registry)));

                DataSource dataSource = settings.dataSourceName() != null ? lookup(settings.dataSourceName())
                        : pool(settings, registry, resources);
                KeygateDatabase database = checkConnection(dataSource);
                SetupView setup = new SetupView(dataSource, database, registry, clock, resources);
                try (FlywayH2Notice quiet = FlywayH2Notice.quiet()) {
                    try {
                        int applied = KeygateMigrations.migrate(dataSource, database);
                        if (applied > 0) {
                            LOG.log(Level.INFO, "keygate: applied " + applied + " migrations on " + database);
                        }
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("keygate's database migrations failed on " + database + " ("
                                + settings.describeDatabase() + "): " + rootMessage(e), e);
                    }
                    afterMigrations.accept(setup);
                }

                JpaApiKeyStore store = JpaApiKeyStore.create(dataSource, database, JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
                resources.push(named("key store", store::close));
                Keygate.Builder keygateBuilder = Keygate.builder()
                        .store(store)
                        .usageStore(new JdbcUsageStore(dataSource, database))
                        .planResolver(StaticPlanResolver.single(settings.defaultPlan()))
                        .rateLimiter(rateLimiter)
                        .meterRegistry(registry)
                        .clock(clock)
                        .platformOrganization(settings.organization());
                customizer.accept(setup, keygateBuilder);
                Keygate keygate = keygateBuilder.build();
                resources.push(named("Keygate", keygate::close));

                if (settings.bootstrap()) {
                    new BootstrapAdminKey(keygate.management().bootstrap())
                            .ensureAdmin(bootstrapKeyName, settings.bootstrapKey(), out);
                }
                KeygateRuntime runtime = new KeygateRuntime(resources, this, dataSource, database, registry, keygate);
                LOG.log(Level.INFO, "keygate: started with " + settings + ", rate limits "
                        + keygate.rateLimiter().getClass().getSimpleName());
                return runtime;
            } catch (RuntimeException e) {
                closeAll(resources);
                if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                    throw e;
                }
                throw new IllegalStateException("keygate cannot start: " + rootMessage(e), e);
            }
        }

        private static DataSource lookup(String name) {
            try {
                Object found = new InitialContext().lookup(name);
                if (found instanceof DataSource ds) {
                    return ds;
                }
                throw new IllegalArgumentException("'" + name + "' is wrong value for " + WebappSettings.DATASOURCE
                        + ", because it names a " + (found == null ? "null" : found.getClass().getName())
                        + ", not a javax.sql.DataSource");
            } catch (NamingException e) {
                throw new IllegalArgumentException("'" + name + "' is wrong value for " + WebappSettings.DATASOURCE
                        + ", because JNDI has no such name (" + e.getMessage() + "): define the DataSource in the "
                        + "container (Tomcat: a <Resource> in context.xml; Jetty: jetty-env.xml) under that name", e);
            }
        }

        private static DataSource pool(WebappSettings settings, PrometheusMeterRegistry registry,
                                       Deque<AutoCloseable> resources) {
            KeygateDatabase kind;
            try {
                kind = KeygateDatabase.fromJdbcUrl(settings.jdbcUrl());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(WebappSettings.JDBC_URL + ": " + e.getMessage(), e);
            }
            if (kind == KeygateDatabase.H2) {
                createH2Directory(settings.jdbcUrl());
            }
            HikariDataSource pool;
            try {
                pool = KeygateDataSources.builder(settings.jdbcUrl())
                        .user(settings.jdbcUser())
                        .password(settings.jdbcPassword())
                        .poolName(POOL_NAME)
                        .connectionTimeout(CONNECTION_TIMEOUT)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(WebappSettings.JDBC_URL + ": " + e.getMessage(), e);
            }
            pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
            resources.push(named("connection pool", () -> closePool(pool)));
            return pool;
        }

        /**
         * Fails, with the reason, when no connection can be had: migrations need one anyway. A pool that merely
         * has not opened its first connection within its timeout (a busy machine, a slow first start of an
         * embedded database) is given up to {@link #STARTUP_CONNECTION_WAIT}; a connection that fails (refused,
         * bad password) fails at once.
         */
        private KeygateDatabase checkConnection(DataSource dataSource) {
            long deadline = System.nanoTime() + STARTUP_CONNECTION_WAIT.toNanos();
            while (true) {
                try (Connection c = dataSource.getConnection()) {
                    c.isValid(1);
                    break;
                } catch (SQLException | RuntimeException e) {
                    boolean onlySlow = e instanceof java.sql.SQLTransientConnectionException && e.getCause() == null;
                    if (!onlySlow || System.nanoTime() > deadline) {
                        throw new IllegalStateException("cannot connect to the database at "
                                + settings.describeDatabase() + (settings.jdbcUser() != null ? " (user "
                                + settings.jdbcUser() + ")" : "") + ": " + rootMessage(e), e);
                    }
                    LOG.log(Level.INFO, "keygate: still waiting for the first connection to "
                            + settings.describeDatabase());
                }
            }
            return settings.jdbcUrl() != null ? KeygateDatabase.fromJdbcUrl(settings.jdbcUrl())
                    : KeygateDatabase.of(dataSource);
        }
    }

    /**
     * Closes the pool and waits (bounded) until its threads have ended: HikariCP stops its housekeeping thread
     * without waiting for it, and a container that looks for leaked threads right after undeploy (Tomcat) would
     * otherwise still see it.
     */
    static void closePool(HikariDataSource pool) {
        pool.close();
        String prefix = pool.getPoolName() + " ";
        String alternative = pool.getPoolName() + ":";
        long deadline = System.nanoTime() + THREAD_END_TIMEOUT.toNanos();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if ((t.getName().startsWith(prefix) || t.getName().startsWith(alternative)) && t != Thread.currentThread()) {
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

    private static void createH2Directory(String url) {
        String path;
        if (url.startsWith("jdbc:h2:file:")) {
            path = url.substring("jdbc:h2:file:".length());
        } else if (url.startsWith("jdbc:h2:~") || url.startsWith("jdbc:h2:/")) {
            path = url.substring("jdbc:h2:".length());
        } else {
            return; // mem:, tcp:, ssl:, or a relative path H2 resolves itself
        }
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the H2 database directory " + parent + " ("
                    + WebappSettings.JDBC_URL + "): " + e, e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static AutoCloseable named(String name, AutoCloseable closeable) {
        return new AutoCloseable() {
            @Override
            public void close() throws Exception {
                closeable.close();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private record SetupView(DataSource dataSource, KeygateDatabase database, PrometheusMeterRegistry meterRegistry,
                             Clock clock, Deque<AutoCloseable> resources) implements Setup {
        @Override
        public <T extends AutoCloseable> T closeOnStop(T resource) {
            resources.push(resource);
            return resource;
        }
    }
}
