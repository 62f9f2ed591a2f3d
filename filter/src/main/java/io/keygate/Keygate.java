package io.keygate;

import io.keygate.bearer.BearerTokenVerifier;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.limit.RateLimiter;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.ApiKeyService;
import io.keygate.service.AuditService;
import io.keygate.service.Management;
import io.keygate.service.PlanService;
import io.keygate.service.ServiceAccountService;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.AuditLog;
import io.keygate.store.OrganizationPlanStore;
import io.keygate.store.ServiceAccountStore;
import io.keygate.store.TeamStore;
import io.keygate.store.UsageStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.time.Clock;
import java.util.Objects;

/**
 * The collaborators an application plugs into keygate: the key store, plan resolver, rate limiter, key format,
 * meter registry and clock, plus the {@link ApiKeyService} built on them. Build one at application start and
 * either pass it to {@code new ApiKeyAuthFilter(keygate, settings)} or publish it for filters declared in
 * {@code web.xml}:
 *
 * <pre>{@code
 * servletContext.setAttribute(Keygate.CONTEXT_ATTRIBUTE, keygate);
 * }</pre>
 *
 * <p>It also carries keygate's management plane ({@link #management()}): keys, service accounts, teams, plan changes
 * and the audit log, with the rules of contract §7. With a store that keeps service accounts, teams and the audit log
 * as well ({@link io.keygate.store.ManagementStore}: the JPA and in-memory stores), nothing more is needed.
 *
 * <p>Close it on undeploy (it closes the rate limiter and releases the audit meters). The store is the
 * application's to close.
 */
public final class Keygate implements AutoCloseable {

    /** ServletContext attribute under which a {@code web.xml}-declared filter finds its {@code Keygate}. */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.Keygate";

    private final ApiKeyStore store;
    private final PlanResolver plans;
    private final RateLimiter rateLimiter;
    private final KeyFormat format;
    private final MeterRegistry meterRegistry;
    private final Clock clock;
    private final Management management;
    private final UsageStore usage;
    private final BearerTokenVerifier tokens;

    private Keygate(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store cannot be null");
        this.plans = b.plans != null ? b.plans : StaticPlanResolver.single(Plan.unlimited("default"));
        this.clock = b.clock;
        this.format = b.format;
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : Metrics.globalRegistry;
        this.management = Management.builder(store)
                .serviceAccounts(b.serviceAccounts)
                .teams(b.teams)
                .auditLog(b.auditLog)
                .organizationPlans(b.organizationPlans)
                .plans(plans)
                .format(format)
                .clock(clock)
                .platformOrganization(b.platformOrganization)
                .meterRegistry(meterRegistry)
                .build();
        this.rateLimiter = b.rateLimiter != null ? b.rateLimiter : new InProcessRateLimiter(clock);
        this.usage = b.usage;
        this.tokens = b.tokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ApiKeyStore store() {
        return store;
    }

    public PlanResolver plans() {
        return plans;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public KeyFormat format() {
        return format;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public Clock clock() {
        return clock;
    }

    /** The token path (contract §8), or null when only API keys are accepted. */
    public BearerTokenVerifier tokens() {
        return tokens;
    }

    /** Where per-key daily usage is counted (contract §7.6), or null when usage is not recorded. */
    public UsageStore usageStore() {
        return usage;
    }

    /** Key management. The filters built on this instance listen to it, so revocations reach their caches. */
    public ApiKeyService service() {
        return management.keys();
    }

    /** Service accounts (contract §7.2); disabling one revokes its keys through {@link #service()}'s listeners. */
    public ServiceAccountService serviceAccounts() {
        return management.serviceAccounts();
    }

    /** The audit log (contract §7.5). */
    public AuditService audit() {
        return management.audit();
    }

    /** Plan changes of organizations (contract §7.4); needs {@link Builder#organizationPlanStore}. */
    public PlanService planChanges() {
        return management.plans();
    }

    /** The whole management plane, including the teams and the admin-key bootstrap. */
    public Management management() {
        return management;
    }

    /** The organization whose admin keys manage every organization. */
    public String platformOrganization() {
        return management.keys().platformOrganization();
    }

    @Override
    public void close() {
        try {
            rateLimiter.close();
        } finally {
            management.close();
        }
    }

    public static final class Builder {
        private ApiKeyStore store;
        private PlanResolver plans;
        private RateLimiter rateLimiter;
        private KeyFormat format = KeyFormat.standard();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private String platformOrganization = Management.DEFAULT_PLATFORM;
        private ServiceAccountStore serviceAccounts;
        private TeamStore teams;
        private AuditLog auditLog;
        private OrganizationPlanStore organizationPlans;
        private UsageStore usage;
        private BearerTokenVerifier tokens;

        private Builder() {
        }

        /**
         * The organization whose {@code admin} keys manage keys, service accounts and plans of every organization
         * (contract §7.1). Default {@value Management#DEFAULT_PLATFORM}; must be a well-formed id.
         */
        public Builder platformOrganization(String platformOrganization) {
            this.platformOrganization = Objects.requireNonNull(platformOrganization,
                    "platformOrganization cannot be null");
            return this;
        }

        /** Default: the store's, when it is a {@link io.keygate.store.ManagementStore}. */
        public Builder serviceAccountStore(ServiceAccountStore serviceAccounts) {
            this.serviceAccounts = serviceAccounts;
            return this;
        }

        /**
         * Default: the store's, when it is a {@link io.keygate.store.ManagementStore}. Without one, team ids on keys
         * and service accounts are not checked.
         */
        public Builder teamStore(TeamStore teams) {
            this.teams = teams;
            return this;
        }

        /**
         * Default: the store's, when it is a {@link io.keygate.store.ManagementStore}. Management operations (those
         * taking an {@code Actor}) need one. It must be the log the store writes its events into, or the events of
         * changes and of refusals end up in different places.
         */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /** The application's directory of organizations, for plan changes. Default: none (no plan changes). */
        public Builder organizationPlanStore(OrganizationPlanStore organizationPlans) {
            this.organizationPlans = organizationPlans;
            return this;
        }

        /**
         * The token path (contract §8): bearer credentials it handles (JWS-shaped tokens from the token module's
         * {@code TokenService.bearerTokens()}) are verified by it and act as the API key they name. Default: none, every
         * bearer credential is an API key.
         */
        public Builder tokens(BearerTokenVerifier tokens) {
            this.tokens = tokens;
            return this;
        }

        /**
         * Where per-key daily usage goes (authenticated, rate-limited and forbidden requests per key and UTC day).
         * Default: none, usage is not counted. The engine counts in memory and writes behind in batches.
         */
        public Builder usageStore(UsageStore usage) {
            this.usage = usage;
            return this;
        }

        /** Required. */
        public Builder store(ApiKeyStore store) {
            this.store = store;
            return this;
        }

        /** Default: every organization has API access without limits. */
        public Builder planResolver(PlanResolver plans) {
            this.plans = plans;
            return this;
        }

        /** Default: {@link InProcessRateLimiter} on this builder's clock. */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        /** Default: {@link KeyFormat#standard()} ({@code sk_live_}, {@code sk_test_}). */
        public Builder keyFormat(KeyFormat format) {
            this.format = Objects.requireNonNull(format, "format cannot be null");
            return this;
        }

        /** Default: Micrometer's global registry. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** @throws IllegalArgumentException if the platform organization is not a well-formed id */
        public Keygate build() {
            return new Keygate(this);
        }
    }
}
