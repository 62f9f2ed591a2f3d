package io.keygate.service;

import io.keygate.keys.Base62;
import io.keygate.keys.Ids;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.PlanResolver;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.AuditLog;
import io.keygate.store.ManagementStore;
import io.keygate.store.OrganizationPlanStore;
import io.keygate.store.ServiceAccountStore;
import io.keygate.store.TeamStore;
import io.micrometer.core.instrument.MeterRegistry;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the management services share: the stores, the plan resolver, key format, clock, the platform organization,
 * the revocation listeners and the audit meters. Immutable but for the listener list.
 */
final class Context implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ApiKeyService.class.getName());
    private static final int ID_RANDOM_LENGTH = 24;

    final ApiKeyStore keys;
    final ServiceAccountStore accounts;
    final TeamStore teams;
    final AuditLog audit;
    final OrganizationPlanStore organizationPlans;
    final PlanResolver plans;
    final KeyFormat format;
    final Clock clock;
    final String platformOrganization;
    final AuditMetrics metrics;
    final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();

    Context(ApiKeyStore keys, ServiceAccountStore accounts, TeamStore teams, AuditLog audit,
            OrganizationPlanStore organizationPlans, PlanResolver plans, KeyFormat format, Clock clock,
            String platformOrganization, MeterRegistry registry) {
        this.keys = Objects.requireNonNull(keys, "store cannot be null");
        ManagementStore parts = keys instanceof ManagementStore m ? m : null;
        this.accounts = accounts != null ? accounts : parts == null ? null : parts.serviceAccounts();
        this.teams = teams != null ? teams : parts == null ? null : parts.teams();
        this.audit = audit != null ? audit : parts == null ? null : parts.auditLog();
        this.organizationPlans = organizationPlans;
        this.plans = plans;
        this.format = Objects.requireNonNull(format, "format cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.platformOrganization = Objects.requireNonNull(platformOrganization,
                "platformOrganization cannot be null");
        if (!Ids.isValid(platformOrganization)) {
            throw new IllegalArgumentException("'" + format.redactKeys(platformOrganization)
                    + "' is wrong value for platformOrganization, because it must be " + Ids.RULE_TEXT);
        }
        this.metrics = new AuditMetrics(registry);
    }

    /** Now, truncated to the milliseconds every store keeps. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    String newId(String prefix) {
        char[] out = new char[ID_RANDOM_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = Base62.ALPHABET.charAt(random.nextInt(62));
        }
        return prefix + new String(out);
    }

    /** The audit log, required by every management (actor) operation. */
    AuditLog audit() {
        if (audit == null) {
            throw new IllegalStateException("management operations need an audit log: build Keygate with a store "
                    + "that keeps one (JpaApiKeyStore, InMemoryApiKeyStore) or with Keygate.builder().auditLog(...)");
        }
        return audit;
    }

    ServiceAccountStore accounts() {
        if (accounts == null) {
            throw new IllegalStateException("no service account store: build Keygate with a store that keeps "
                    + "service accounts (JpaApiKeyStore, InMemoryApiKeyStore) or with "
                    + "Keygate.builder().serviceAccountStore(...)");
        }
        return accounts;
    }

    /** Tells every listener (or every non-broadcasting one) that a key changed. Never throws. */
    void fire(String keyHash, boolean includeBroadcasters) {
        for (RevocationListener listener : listeners) {
            if (!includeBroadcasters && listener.broadcasts()) {
                continue;
            }
            try {
                listener.keyChanged(keyHash);
            } catch (RuntimeException e) {
                // a failed broadcast must not undo or hide a revocation that is already durable
                LOG.log(Level.WARNING, "revocation listener " + listener.getClass().getName() + " failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        metrics.close();
    }
}
