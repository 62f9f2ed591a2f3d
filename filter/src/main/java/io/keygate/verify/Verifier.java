package io.keygate.verify;

import io.keygate.keys.KeyFormat;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.RateLimiter;
import io.keygate.http.PathPattern;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Steps 4 to 10 of the contract's order of decisions for a presented bearer token: failed-auth limit, format
 * and checksum, lookup, status, plan, restriction, permission, rate limit. Returns an outcome, never throws for
 * an expected case, does no I/O for a malformed key. Thread-safe.
 */
public final class Verifier {

    /** Plan name reported when a key's own {@code rate_limit} replaces its plan's limits. */
    public static final String KEY_LIMIT_PLAN_NAME = "key";

    private final KeyFormat format;
    private final FailureLimiter failures;
    private final KeyResolver resolver;
    private final PlanResolver plans;
    private final RateLimiter limiter;
    private final Clock clock;
    private final List<PathPattern> adminPaths;
    private final Map<String, PathPattern> restrictions;
    private final Set<String> readMethods;
    private final boolean perOrganization;
    private final long unavailableRetryAfter;

    public Verifier(KeyFormat format, FailureLimiter failures, KeyResolver resolver, PlanResolver plans,
                    RateLimiter limiter, Clock clock, List<PathPattern> adminPaths,
                    Map<String, PathPattern> restrictions, Set<String> readMethods, boolean perOrganization,
                    long unavailableRetryAfter) {
        this.format = Objects.requireNonNull(format, "format cannot be null");
        this.failures = Objects.requireNonNull(failures, "failures cannot be null");
        this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
        this.plans = Objects.requireNonNull(plans, "plans cannot be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.adminPaths = List.copyOf(adminPaths);
        this.restrictions = Map.copyOf(restrictions);
        this.readMethods = Set.copyOf(readMethods);
        this.perOrganization = perOrganization;
        this.unavailableRetryAfter = unavailableRetryAfter;
    }

    /**
     * @param token         the bearer token (already checked for length and characters)
     * @param clientAddress whom failed attempts are counted against
     * @param path          the path inside the application
     * @param method        the HTTP method
     */
    public AuthOutcome verify(String token, String clientAddress, String path, String method) {
        long blockedFor = failures.retryAfterSeconds(clientAddress);
        if (blockedFor > 0) {
            return new AuthOutcome.Blocked(blockedFor);
        }
        PresentedKey presented = format.check(token);
        if (presented == null) {
            return failed(clientAddress, new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.MALFORMED));
        }
        KeyResolver.Resolution resolution = resolver.resolve(presented.digest());
        if (resolution instanceof KeyResolver.Unknown) {
            return failed(clientAddress, new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.UNKNOWN));
        }
        if (!(resolution instanceof KeyResolver.Found found)) {
            return new AuthOutcome.Unavailable(unavailableRetryAfter);
        }
        VerifiedKey key = found.key();
        switch (key.statusAt(clock.millis())) {
            case REVOKED -> {
                return failed(clientAddress, new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.REVOKED));
            }
            case EXPIRED -> {
                return failed(clientAddress, new AuthOutcome.Expired());
            }
            case ACTIVE -> {
            }
        }
        Optional<Plan> plan;
        try {
            plan = key.plan() != null ? plans.byName(key.plan()) : plans.forOrganization(key.organizationId());
        } catch (RuntimeException e) {
            return new AuthOutcome.Unavailable(unavailableRetryAfter);
        }
        if (plan.isPresent() && !plan.get().apiAccess()) {
            return new AuthOutcome.PlanDenied();
        }
        if (key.restriction() != null) {
            PathPattern template = restrictions.get(key.restriction().type());
            String target = template == null ? null : template.match(path);
            if (target != null && !target.equals(key.restriction().id())) {
                return new AuthOutcome.RestrictionDenied(key.restriction().type());
            }
        }
        Permission required = requiredPermission(path, method);
        if (!key.permissions().contains(required)) {
            return new AuthOutcome.PermissionDenied(required);
        }
        List<Limit> limits;
        String planName;
        if (key.rateLimit() != null) {
            limits = List.of(key.rateLimit());
            planName = KEY_LIMIT_PLAN_NAME;
        } else {
            limits = plan.map(Plan::limits).orElse(List.of());
            planName = plan.map(Plan::name).orElse("default");
        }
        String bucket = perOrganization ? "o:" + key.organizationId() : "k:" + key.id();
        RateLimitDecision decision;
        try {
            decision = limiter.tryAcquire(bucket, planName, limits);
        } catch (RuntimeException e) {
            // a misbehaving limiter backend must not turn into a 500
            return new AuthOutcome.Unavailable(unavailableRetryAfter);
        }
        if (decision instanceof RateLimitDecision.Admitted a) {
            return new AuthOutcome.Authenticated(key, planName, a.window());
        }
        if (decision instanceof RateLimitDecision.Rejected r) {
            return new AuthOutcome.RateLimited(key, planName, r.window(), r.retryAfterSeconds());
        }
        return new AuthOutcome.Unavailable(((RateLimitDecision.Unavailable) decision).retryAfterSeconds());
    }

    /** admin paths need admin; read methods need read; everything else needs write. */
    public Permission requiredPermission(String path, String method) {
        for (PathPattern p : adminPaths) {
            if (p.matches(path)) {
                return Permission.ADMIN;
            }
        }
        return readMethods.contains(method) ? Permission.READ : Permission.WRITE;
    }

    private AuthOutcome failed(String clientAddress, AuthOutcome outcome) {
        failures.recordFailure(clientAddress);
        return outcome;
    }
}
