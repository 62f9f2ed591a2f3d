package io.keygate.sample.app;

import io.keygate.Keygate;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.JpaSigningKeyStore;
import io.keygate.limit.Plan;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisSettings;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.ConsoleSettings;
import io.keygate.sample.config.SampleConfig;
import io.keygate.sample.db.SampleSchema;
import io.keygate.sample.db.Seeds;
import io.keygate.sample.plans.OrganizationDirectory;
import io.keygate.sample.workflow.WorkflowEngine;
import io.keygate.sample.workflow.WorkflowRepository;
import io.keygate.store.UsageStore;
import io.keygate.token.TokenService;
import io.keygate.token.TokenSettings;
import io.keygate.webapp.KeygateRuntime;
import io.keygate.webapp.WebappSettings;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.servlet.ServletContext;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the sample runs on. keygate's part — meters, pool, keygate's migrations, key and usage stores, rate
 * limiter, {@link Keygate}, bootstrap admin key, health check — is keygate-webapp's {@link KeygateRuntime}; the
 * sample adds its own schema and seeds (after keygate's migrations), its organization directory as the plan
 * resolver, Redis when {@code KEYGATE_REDIS_URL} is set, token exchange, and its workflow persistence. Closed in reverse order; if
 * any step fails, what was built is closed again and a {@link ConfigurationException} says what is wrong.
 */
public final class SampleApplication implements AutoCloseable {

    /** ServletContext attribute holding the running application (for the sample's resources). */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.sample.SampleApplication";
    /** The sample's own persistence unit (workflows, instances) in {@code META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "keygate-sample";
    /** {@code iss} and {@code aud} of the sample's tokens (contract §8: the sample uses {@code keygate}). */
    public static final String TOKEN_ISSUER = "keygate";
    public static final String TOKEN_AUDIENCE = "keygate";

    private static final System.Logger LOG = System.getLogger(SampleApplication.class.getName());

    private final KeygateRuntime runtime;
    private final OrganizationDirectory organizations;
    private final EntityManagerFactory emf;
    private final WorkflowRepository workflows;
    private final TokenService tokens;
    private final WorkflowEngine engine = new WorkflowEngine();
    private final ConsoleSettings console;

    private SampleApplication(KeygateRuntime runtime, OrganizationDirectory organizations, EntityManagerFactory emf,
                              TokenService tokens, ConsoleSettings console) {
        this.runtime = runtime;
        this.console = console;
        this.organizations = organizations;
        this.emf = emf;
        this.workflows = new WorkflowRepository(emf);
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
        RedisSettings redisSettings = config.redisUrl() == null ? null : redisSettings(config);
        AtomicReference<OrganizationDirectory> organizations = new AtomicReference<>();
        AtomicReference<RedisKeygate> redis = new AtomicReference<>();
        AtomicReference<TokenService> tokens = new AtomicReference<>();
        KeygateRuntime runtime;
        try {
            runtime = KeygateRuntime.builder(settings(config))
                    .clock(clock)
                    .announceTo(out)
                    .bootstrapKeyName(SampleConfig.BOOTSTRAP_KEY)
                    .afterMigrations(setup -> {
                        SampleSchema.migrate(setup.dataSource(), setup.database());
                        int seeded;
                        try {
                            seeded = new Seeds(setup.dataSource()).apply();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException("seeding the sample's data failed: " + e.getMessage(), e);
                        }
                        if (seeded > 0) {
                            LOG.log(Level.INFO, "keygate sample: seeded " + seeded
                                    + " rows (plans, organizations, workflows)");
                        }
                        organizations.set(new OrganizationDirectory(setup.dataSource()));
                    })
                    .keygate((setup, keygate) -> {
                        keygate.planResolver(organizations.get());
                        // platform admins change an organization's plan through the sample's directory (§7.4)
                        keygate.organizationPlanStore(organizations.get());
                        if (redisSettings != null) {
                            RedisKeygate r = setup.closeOnStop(RedisKeygate.create(redisSettings, setup.clock(),
                                    setup.meterRegistry()));
                            redis.set(r);
                            keygate.rateLimiter(r.rateLimiter());
                        }
                        // token exchange (contract §8): signing keys in the same database, sealed with
                        // KEYGATE_TOKEN_SECRET
                        JpaSigningKeyStore signingKeys = setup.closeOnStop(JpaSigningKeyStore.create(
                                setup.dataSource(), setup.database(), JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT));
                        TokenService t = setup.closeOnStop(TokenService.builder()
                                .store(signingKeys)
                                .secret(config.tokenSecret())
                                .settings(TokenSettings.builder().issuer(TOKEN_ISSUER).audience(TOKEN_AUDIENCE).build())
                                .meterRegistry(setup.meterRegistry())
                                .clock(setup.clock())
                                .build());
                        t.start();
                        tokens.set(t);
                        keygate.tokens(t.bearerTokens());
                    })
                    .start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(sampleWords(e.getMessage()), e);
        }
        try {
            if (redis.get() != null) {
                redis.get().attach(runtime.keygate().service());
            }
            int teams = Seeds.applyTeams(runtime.keygate().management().teams());
            if (teams > 0) {
                LOG.log(Level.INFO, "keygate sample: seeded " + teams + " teams");
            }
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT,
                    JpaApiKeyStore.persistenceProperties(runtime.dataSource(), runtime.database(),
                            JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT));
            LOG.log(Level.INFO, "keygate sample: started with " + config + ", rate limits "
                    + (redis.get() != null ? "in Redis" : "in process"));
            return new SampleApplication(runtime, organizations.get(), emf, tokens.get(), config.console());
        } catch (RuntimeException e) {
            runtime.close();
            throw new ConfigurationException("the keygate sample cannot start: " + e, e);
        }
    }

    /** keygate's part of the configuration: the sample's database, its bootstrap key, no default limits (plans do). */
    static WebappSettings settings(SampleConfig config) {
        return new WebappSettings(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), null,
                Plan.unlimited(WebappSettings.DEFAULT_PLAN_NAME), true, config.bootstrapKey(), Seeds.PLATFORM);
    }

    /** keygate-webapp names its own parameters; the sample's operator sets KEYGATE_* variables. */
    private static String sampleWords(String message) {
        String m = message.replace(WebappSettings.JDBC_URL, SampleConfig.JDBC_URL);
        return m.startsWith("cannot connect to the database") ? m + " (" + SampleConfig.JDBC_URL + ")" : m;
    }

    private static RedisSettings redisSettings(SampleConfig config) {
        try {
            return RedisSettings.builder(config.redisUrl()).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SampleConfig.REDIS_URL + ": " + e.getMessage(), e);
        }
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

    /** keygate's part: pool, Keygate, health check, meter registry. */
    public KeygateRuntime runtime() {
        return runtime;
    }

    public OrganizationDirectory organizations() {
        return organizations;
    }

    public Keygate keygate() {
        return runtime.keygate();
    }

    /** Per-key daily usage, counted by the filter's engine. */
    public UsageStore usage() {
        return runtime.keygate().usageStore();
    }

    /** Token exchange: issuing (the token endpoint) and the JWK Set. */
    public TokenService tokens() {
        return tokens;
    }

    public WorkflowRepository workflows() {
        return workflows;
    }

    public WorkflowEngine engine() {
        return engine;
    }

    /** The console's session rules, read with the rest of the configuration (contract §9). */
    public ConsoleSettings console() {
        return console;
    }

    /** The sample's persistence first, then keygate's runtime (Keygate, Redis, store, pool, meters). */
    @Override
    public void close() {
        try {
            emf.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "keygate sample: closing the workflow persistence failed: " + e);
        }
        runtime.close();
    }
}
