package io.keygate.service;

import io.keygate.keys.KeyFormat;
import io.keygate.limit.PlanResolver;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.AuditLog;
import io.keygate.store.ManagementStore;
import io.keygate.store.OrganizationPlanStore;
import io.keygate.store.ServiceAccountStore;
import io.keygate.store.TeamStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.Objects;

/**
 * keygate's management plane: the key, service-account, audit and plan services on one set of stores and one
 * set of rules (contract §7). {@code Keygate} builds one; build one yourself only when you use keygate's services
 * without a {@code Keygate}. Close it on undeploy (it releases the audit meters).
 */
public final class Management implements AutoCloseable {

    /** The default platform organization: its admin keys manage every organization. */
    public static final String DEFAULT_PLATFORM = "platform";

    private final Context context;
    private final ApiKeyService keys;
    private final ServiceAccountService serviceAccounts;
    private final AuditService audit;
    private final PlanService plans;

    private Management(Builder b) {
        this.context = new Context(b.store, b.serviceAccounts, b.teams, b.auditLog, b.organizationPlans, b.plans,
                b.format, b.clock, b.platformOrganization, b.meterRegistry);
        this.keys = new ApiKeyService(context);
        this.serviceAccounts = new ServiceAccountService(keys);
        this.audit = new AuditService(context);
        this.plans = new PlanService(context);
    }

    public static Builder builder(ApiKeyStore store) {
        return new Builder(store);
    }

    public ApiKeyService keys() {
        return keys;
    }

    public ServiceAccountService serviceAccounts() {
        return serviceAccounts;
    }

    public AuditService audit() {
        return audit;
    }

    public PlanService plans() {
        return plans;
    }

    /** The team store in use, or null. */
    public TeamStore teams() {
        return context.teams;
    }

    /** Ensures an admin key of the platform organization exists; see {@link AdminBootstrap}. */
    public AdminBootstrap bootstrap() {
        return new AdminBootstrap(keys, serviceAccounts);
    }

    @Override
    public void close() {
        context.close();
    }

    public static final class Builder {
        private final ApiKeyStore store;
        private ServiceAccountStore serviceAccounts;
        private TeamStore teams;
        private AuditLog auditLog;
        private OrganizationPlanStore organizationPlans;
        private PlanResolver plans;
        private KeyFormat format = KeyFormat.standard();
        private Clock clock = Clock.systemUTC();
        private String platformOrganization = DEFAULT_PLATFORM;
        private MeterRegistry meterRegistry;

        private Builder(ApiKeyStore store) {
            this.store = Objects.requireNonNull(store, "store cannot be null");
        }

        /** Default: the store's, when it is a {@link ManagementStore}. */
        public Builder serviceAccounts(ServiceAccountStore serviceAccounts) {
            this.serviceAccounts = serviceAccounts;
            return this;
        }

        /** Default: the store's, when it is a {@link ManagementStore}; without one, team ids are not checked. */
        public Builder teams(TeamStore teams) {
            this.teams = teams;
            return this;
        }

        /** Default: the store's, when it is a {@link ManagementStore}; management operations need one. */
        public Builder auditLog(AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /** Where plan changes go; without one, {@link PlanService#changePlan} is unavailable. */
        public Builder organizationPlans(OrganizationPlanStore organizationPlans) {
            this.organizationPlans = organizationPlans;
            return this;
        }

        /** Checks plan names and plan access; may be null to accept any plan name. */
        public Builder plans(PlanResolver plans) {
            this.plans = plans;
            return this;
        }

        public Builder format(KeyFormat format) {
            this.format = Objects.requireNonNull(format, "format cannot be null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        /** Default {@value #DEFAULT_PLATFORM}; must be a well-formed id. */
        public Builder platformOrganization(String platformOrganization) {
            this.platformOrganization = platformOrganization;
            return this;
        }

        /** Where {@code apikey.audit.events} is counted; none by default. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** @throws IllegalArgumentException if the platform organization is not a well-formed id */
        public Management build() {
            return new Management(this);
        }
    }
}
