package io.keygate.sample.app;

import io.keygate.Keygate;
import io.keygate.jpa.JdbcUsageStore;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.JpaSigningKeyStore;
import io.keygate.token.TokenService;
import io.keygate.token.TokenSettings;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.RateLimiter;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisSettings;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import io.keygate.sample.db.Database;
import io.keygate.sample.db.Seeds;
import io.keygate.sample.plans.OrganizationDirectory;
import io.keygate.sample.workflow.WorkflowEngine;
import io.keygate.sample.workflow.WorkflowRepository;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.keygate.store.UsageStore;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.servlet.ServletContext;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Everything the sample runs on, built in order and closed in reverse: meters → pool → migrations → seeds → plan
 * directory → key store and usage store → rate limiter (in-process, or Redis when configured) → {@link Keygate} → workflow
 * persistence → bootstrap admin key. If any step fails, what was built is closed again and a
 * {@link ConfigurationException} says what is wrong.
 */
public final class SampleApplication implements AutoCloseable {

    /** ServletContext attribute holding the running application (for the sample's servlets). */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.sample.SampleApplication";
    /** The sample's own persistence unit (workflows, instances) in {@code META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "keygate-sample";
    /** The {@code iss} and {@code aud} of the sample's tokens (contract §8). */
    public static final String TOKEN_ISSUER = "keygate";
    public static final String TOKEN_AUDIENCE = "keygate";

    private static final System.Logger LOG = System.getLogger(SampleApplication.class.getName());

    private final Deque<AutoCloseable> resources;
    private final Database database;
    private final PrometheusMeterRegistry meterRegistry;
    private final OrganizationDirectory organizations;
    private final Keygate keygate;
    private final WorkflowRepository workflows;
    private final TokenService tokens;
    private final WorkflowEngine engine = new WorkflowEngine();

    private SampleApplication(Deque<AutoCloseable> resources, Database database, PrometheusMeterRegistry meterRegistry,
                              OrganizationDirectory organizations, Keygate keygate, WorkflowRepository workflows,
                              TokenService tokens) {
        this.resources = resources;
        this.database = database;
        this.meterRegistry = meterRegistry;
        this.organizations = organizations;
        this.keygate = keygate;
        this.workflows = workflows;
        this.tokens = tokens;
    }

    /**
     * Starts the application.
     *
     * @param out standard output, where a generated bootstrap key is announced once
     * @throws ConfigurationException when the configuration or the database does not allow a start
     */
    public static SampleApplication start(SampleConfig config, Clock clock, PrintStream out) {
        Objects.requireNonNull(config, "config cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        Objects.requireNonNull(out, "out cannot be null");
        Bootstrap.checkKey(config.bootstrapKey(), io.keygate.keys.KeyFormat.standard());
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            resources.push(registry::close);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);

            Database database = push(resources, Database.open(config));
            database.bindMetrics(registry);
            database.migrate();
            int seeded = new Seeds(database.dataSource()).apply();
            if (seeded > 0) {
                LOG.log(Level.INFO, "keygate sample: seeded " + seeded + " rows (plans, organizations, workflows)");
            }

            OrganizationDirectory organizations = new OrganizationDirectory(database.dataSource());
            JpaApiKeyStore store = push(resources, JpaApiKeyStore.create(database.dataSource(), database.kind(),
                    JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT));
            RedisKeygate redis = config.redisUrl() == null ? null
                    : push(resources, RedisKeygate.create(redisSettings(config), clock, registry));
            RateLimiter limiter = redis != null ? redis.rateLimiter() : new InProcessRateLimiter(clock);
            // token exchange (contract §8): signing keys in the same database, sealed with KEYGATE_TOKEN_SECRET
            JpaSigningKeyStore signingKeys = push(resources, JpaSigningKeyStore.create(database.dataSource(),
                    database.kind(), JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT));
            TokenService tokens = push(resources, TokenService.builder()
                    .store(signingKeys)
                    .secret(config.tokenSecret())
                    .settings(TokenSettings.builder().issuer(TOKEN_ISSUER).audience(TOKEN_AUDIENCE).build())
                    .meterRegistry(registry)
                    .clock(clock)
                    .build());
            tokens.start();
            Keygate keygate = push(resources, Keygate.builder()
                    .tokens(tokens.bearerTokens())
                    .store(store)
                    .usageStore(new JdbcUsageStore(database.dataSource(), database.kind()))
                    .planResolver(organizations)
                    .rateLimiter(limiter)
                    .meterRegistry(registry)
                    .clock(clock)
                    .build());
            if (redis != null) {
                redis.attach(keygate.service());
            }

            EntityManagerFactory emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT,
                    JpaApiKeyStore.persistenceProperties(database.dataSource(), database.kind(),
                            JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT));
            resources.push(emf::close);
            WorkflowRepository workflows = new WorkflowRepository(emf);

            new Bootstrap(keygate.service(), clock).ensureAdmin(config.bootstrapKey(), out);
            LOG.log(Level.INFO, "keygate sample: started with " + config + ", rate limits "
                    + (redis != null ? "in Redis" : "in process"));
            return new SampleApplication(resources, database, registry, organizations, keygate, workflows, tokens);
        } catch (ConfigurationException e) {
            closeAll(resources);
            throw e;
        } catch (SQLException | RuntimeException e) {
            closeAll(resources);
            throw new ConfigurationException("the keygate sample cannot start: " + e, e);
        }
    }

    private static RedisSettings redisSettings(SampleConfig config) {
        try {
            return RedisSettings.builder(config.redisUrl()).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SampleConfig.REDIS_URL + ": " + e.getMessage(), e);
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> resources, T resource) {
        resources.push(resource);
        return resource;
    }

    /** The running application of a servlet context. */
    public static SampleApplication from(ServletContext context) {
        Object app = context.getAttribute(CONTEXT_ATTRIBUTE);
        if (app instanceof SampleApplication s) {
            return s;
        }
        throw new IllegalStateException("the keygate sample is not running in this context: "
                + KeygateSampleListener.class.getName() + " must be declared in web.xml");
    }

    public Database database() {
        return database;
    }

    public PrometheusMeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public OrganizationDirectory organizations() {
        return organizations;
    }

    public Keygate keygate() {
        return keygate;
    }

    /** Per-key daily usage, counted by the filter's engine. */
    public UsageStore usage() {
        return keygate.usageStore();
    }

    /** Token exchange: the issuer of {@code POST /developer/api/token} and the JWK Set. */
    public TokenService tokens() {
        return tokens;
    }

    public WorkflowRepository workflows() {
        return workflows;
    }

    public WorkflowEngine engine() {
        return engine;
    }

    /** Closes everything in reverse order of creation; a failure closing one part does not keep the rest open. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "keygate sample: closing " + r.getClass().getName() + " failed: " + e);
            }
        }
    }
}
