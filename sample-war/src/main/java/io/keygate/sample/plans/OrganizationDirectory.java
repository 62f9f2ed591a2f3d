package io.keygate.sample.plans;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.jpa.JpaAuditLog;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.store.AuditEvent;
import io.keygate.store.OrganizationPlanStore;
import io.keygate.store.StoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans and organizations from the sample's tables ({@code sample_plan} with its {@code sample_plan_limit} rows,
 * {@code sample_organization}): the {@link PlanResolver} keygate asks on every request, and the
 * {@link OrganizationPlanStore} through which platform admins change an organization's plan.
 *
 * <p>The request path must not query the database each time, so answers are cached: bounded in size (names come
 * from keys, which only verified requests reach, but the admin API also asks for client-supplied names) and for
 * {@link #DEFAULT_TTL} only. Absence is cached too; a database error is not. While the database is unreachable, the
 * last answer read for a name is served for up to {@link #STALE_IF_ERROR} (like the filter's stale-if-error for
 * keys, so that keys it still serves from its cache are not refused for want of their plan); without one the error
 * propagates as {@link StoreUnavailableException}, which the filter answers with 503.
 *
 * <p><b>Plan changes</b> (contract §7.4): {@link #assignPlan} updates the organization and appends the audit event in
 * one transaction, then drops this node's cached answer, so the change governs this node's next request. Other nodes
 * see it when their cached answer expires: within {@link #DEFAULT_TTL}, 5 s. A TTL was chosen over a broadcast: the
 * Redis channel carries key hashes only, a plan change is rare, and 5 s of staleness costs one indexed read per
 * organization per 5 s on each node.
 */
public final class OrganizationDirectory implements PlanResolver, OrganizationPlanStore {

    /** How long a node answers from its cache: the bound on how late another node's plan change is seen. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
    public static final long MAX_ENTRIES = 1_000;
    public static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

    private static final String PLAN_SQL = "SELECT p.api_access, l.limit_count, l.window_seconds FROM sample_plan p"
            + " LEFT JOIN sample_plan_limit l ON l.plan_name = p.name WHERE p.name = ? ORDER BY l.window_seconds";
    private static final String ALL_PLANS_SQL = "SELECT p.name, p.api_access, l.limit_count, l.window_seconds"
            + " FROM sample_plan p LEFT JOIN sample_plan_limit l ON l.plan_name = p.name"
            + " ORDER BY p.name, l.window_seconds";

    private final DataSource dataSource;
    private final Cache<String, Optional<Plan>> plansByName;
    private final Cache<String, Optional<String>> planNameByOrganization;
    private final Cache<String, Optional<Plan>> lastPlans;
    private final Cache<String, Optional<String>> lastPlanNames;

    public OrganizationDirectory(DataSource dataSource) {
        this(dataSource, DEFAULT_TTL);
    }

    public OrganizationDirectory(DataSource dataSource, Duration ttl) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        Objects.requireNonNull(ttl, "ttl cannot be null");
        this.plansByName = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
        this.planNameByOrganization = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).build();
        this.lastPlans = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(STALE_IF_ERROR).build();
        this.lastPlanNames = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(STALE_IF_ERROR).build();
    }

    @Override
    public Optional<Plan> byName(String planName) {
        if (planName == null || planName.isEmpty() || planName.length() > 64) {
            return Optional.empty();
        }
        return cached(plansByName, lastPlans, planName, this::loadPlan);
    }

    @Override
    public Optional<Plan> forOrganization(String organizationId) {
        return planNameOf(organizationId).flatMap(this::byName);
    }

    /** Whether the organization exists. */
    public boolean exists(String organizationId) {
        return planNameOf(organizationId).isPresent();
    }

    /** The name of the organization's plan, if the organization exists. */
    public Optional<String> planNameOf(String organizationId) {
        if (organizationId == null || organizationId.isEmpty() || organizationId.length() > 64) {
            return Optional.empty();
        }
        return cached(planNameByOrganization, lastPlanNames, organizationId, this::loadOrganizationPlan);
    }

    /** Every plan, by name, read from the database (for the admin API; not cached). */
    public List<Plan> plans() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ALL_PLANS_SQL);
             ResultSet rs = ps.executeQuery()) {
            Map<String, Boolean> access = new LinkedHashMap<>();
            Map<String, List<Limit>> limits = new LinkedHashMap<>();
            while (rs.next()) {
                String name = rs.getString(1);
                access.put(name, rs.getBoolean(2));
                List<Limit> ofPlan = limits.computeIfAbsent(name, n -> new ArrayList<>());
                long limit = rs.getLong(3);
                if (!rs.wasNull()) {
                    ofPlan.add(new Limit(limit, rs.getLong(4)));
                }
            }
            List<Plan> out = new ArrayList<>();
            access.forEach((name, api) -> out.add(new Plan(name, api, api ? limits.get(name) : List.of())));
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read plans from the database", e);
        }
    }

    /**
     * Sets the organization's plan and appends {@code event} to keygate's audit table in the same transaction (same
     * database), then drops this node's cached answer for the organization.
     */
    @Override
    public boolean assignPlan(String organizationId, String planName, AuditEvent event) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE sample_organization SET plan = ? WHERE id = ?")) {
                    ps.setString(1, planName);
                    ps.setString(2, organizationId);
                    updated = ps.executeUpdate();
                }
                if (updated != 1) {
                    c.rollback();
                    return false;
                }
                JpaAuditLog.append(c, event);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && (e.getSQLState().startsWith("22") || e.getSQLState().startsWith("23"))) {
                throw new IllegalArgumentException("the database refused the plan change (SQLState "
                        + e.getSQLState() + ")", e);
            }
            throw new StoreUnavailableException("cannot change the plan in the database", e);
        }
        planNameByOrganization.invalidate(organizationId);
        lastPlanNames.invalidate(organizationId);
        return true;
    }

    private static <V> V cached(Cache<String, V> fresh, Cache<String, V> last, String key,
                                java.util.function.Function<String, V> loader) {
        try {
            V value = fresh.get(key, loader);
            last.put(key, value);
            return value;
        } catch (StoreUnavailableException e) {
            V stale = last.getIfPresent(key);
            if (stale != null) {
                return stale;
            }
            throw e;
        }
    }

    private Optional<Plan> loadPlan(String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PLAN_SQL)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!rs.getBoolean(1)) {
                    return Optional.of(Plan.noApiAccess(name));
                }
                List<Limit> limits = new ArrayList<>();
                do {
                    long limit = rs.getLong(2);
                    if (!rs.wasNull()) {
                        limits.add(new Limit(limit, rs.getLong(3)));
                    }
                } while (rs.next());
                return Optional.of(new Plan(name, true, limits));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read plan from the database", e);
        }
    }

    private Optional<String> loadOrganizationPlan(String organizationId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT plan FROM sample_organization WHERE id = ?")) {
            ps.setString(1, organizationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read organization from the database", e);
        }
    }
}
