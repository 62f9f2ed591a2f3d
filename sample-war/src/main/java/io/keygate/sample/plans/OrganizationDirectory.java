package io.keygate.sample.plans;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.store.StoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans and organizations from the sample's tables ({@code sample_plan}, {@code sample_organization}), as the
 * {@link PlanResolver} keygate asks on every request.
 *
 * <p>The request path must not query the database each time, so answers are cached: bounded in size (names come
 * from keys, which only verified requests reach, but the admin API also asks for client-supplied names) and for
 * {@link #DEFAULT_TTL} only, so a plan change made in the database takes effect within that time. Absence is
 * cached too; a database error is not. While the database is unreachable, the last answer read for a name is
 * served for up to {@link #STALE_IF_ERROR} (like the filter's stale-if-error for keys, so that keys it still
 * serves from its cache are not refused for want of their plan); without one the error propagates as
 * {@link StoreUnavailableException}, which the filter answers with 503.
 */
public final class OrganizationDirectory implements PlanResolver {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final long MAX_ENTRIES = 1_000;
    public static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

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

    private Optional<String> planNameOf(String organizationId) {
        if (organizationId == null || organizationId.isEmpty() || organizationId.length() > 64) {
            return Optional.empty();
        }
        return cached(planNameByOrganization, lastPlanNames, organizationId, this::loadOrganizationPlan);
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT api_access, limit_count, window_seconds FROM sample_plan WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                boolean apiAccess = rs.getBoolean(1);
                long limit = rs.getLong(2);
                boolean limited = !rs.wasNull();
                long window = rs.getLong(3);
                if (!apiAccess) {
                    return Optional.of(Plan.noApiAccess(name));
                }
                return Optional.of(limited ? new Plan(name, true, List.of(new Limit(limit, window)))
                        : Plan.unlimited(name));
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
