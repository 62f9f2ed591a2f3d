package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;

import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Contract §7.1: no key is ever broader than the key that manages it. Pure checks of an {@link Actor} against the
 * key it would create, rotate or revoke; each refusal is a {@link ForbiddenException} naming the rule and the field.
 * The order of the checks is the contract's order, so the first broken rule is the one reported.
 */
final class Rules {

    private final Context context;

    Rules(Context context) {
        this.context = context;
    }

    /** Admin keys of the platform organization manage every organization. */
    boolean isPlatformAdmin(Actor actor) {
        return context.platformOrganization.equals(actor.organizationId()) && actor.has(Permission.ADMIN);
    }

    /** Whether the actor may see (and so manage) objects of {@code organizationId}. */
    boolean sees(Actor actor, String organizationId) {
        return isPlatformAdmin(actor) || actor.organizationId().equals(organizationId);
    }

    ForbiddenException organization(Actor actor) {
        return new ForbiddenException(ManagementRule.ORGANIZATION, "organization_id", "organization: organization_id "
                + "must be the calling key's organization " + Inputs.quote(context.format, actor.organizationId())
                + " (only admin keys of " + Inputs.quote(context.format, context.platformOrganization)
                + " manage other organizations)");
    }

    void checkOrganization(Actor actor, String organizationId) {
        if (!sees(actor, organizationId)) {
            throw organization(actor);
        }
    }

    /** A test key manages test keys only. */
    void checkEnvironment(Actor actor, Environment target) {
        if (actor.environment() == Environment.TEST && target != Environment.TEST) {
            throw new ForbiddenException(ManagementRule.ENVIRONMENT, "environment",
                    "environment: a test key manages test keys only, so environment must be 'test'");
        }
    }

    /**
     * The fields a key create leaves out, filled in from the actor (contract §7.1 and §6): organization, owner,
     * team, restriction, expiry and rate limit are inherited.
     */
    NewKey inherit(Actor actor, NewKey spec) {
        return new NewKey(spec.name(),
                spec.organizationId() != null ? spec.organizationId() : actor.organizationId(),
                spec.teamId() != null ? spec.teamId() : actor.teamId(),
                spec.owner() != null ? spec.owner() : actor.owner(),
                spec.environment(),
                spec.permissions(),
                spec.restriction() != null ? spec.restriction() : actor.restriction(),
                spec.plan(),
                spec.rateLimit() != null ? spec.rateLimit() : actor.rateLimit(),
                spec.expiresAt() != null ? spec.expiresAt() : actor.expiresAt());
    }

    /** Every rule for creating {@code spec} (already {@link #inherit inherited}). */
    void checkCreate(Actor actor, NewKey spec) {
        checkOrganization(actor, spec.organizationId());
        checkShape(actor, spec.environment(), spec.permissions(), spec.restriction(), spec.teamId(),
                spec.expiresAt(), spec.rateLimit());
        if (spec.rateLimit() != null && actor.rateLimit() == null && !isPlatformAdmin(actor)) {
            checkWithinPlan(actor, spec.rateLimit());
        }
        if (spec.plan() != null && !isPlatformAdmin(actor)) {
            throw new ForbiddenException(ManagementRule.PLAN, "plan",
                    "plan: only admin keys of " + Inputs.quote(context.format, context.platformOrganization)
                            + " may set a key's plan");
        }
    }

    /** Every rule for rotating or revoking {@code key} (whose organization the actor sees). */
    void checkManage(Actor actor, ApiKey key) {
        checkOrganization(actor, key.organizationId());
        checkShape(actor, key.environment(), key.permissions(), key.restriction(), key.teamId(), key.expiresAt(),
                key.rateLimit());
    }

    /**
     * A rate limit given by a caller that has none of its own (and is no platform admin) must not allow more requests
     * per second than any limit of the caller's plan: a key's own rate limit replaces its plan's limits, so otherwise
     * an organization could lift its own plan's limits. The contract is silent here; this is keygate's decision.
     */
    private void checkWithinPlan(Actor actor, Limit limit) {
        if (context.plans == null) {
            return;
        }
        Optional<Plan> plan = actor.plan() != null ? context.plans.byName(actor.plan())
                : context.plans.forOrganization(actor.organizationId());
        for (Limit bound : plan.map(Plan::limits).orElse(java.util.List.of())) {
            if (faster(limit, bound)) {
                throw new ForbiddenException(ManagementRule.RATE_LIMIT, "rate_limit", "rate limit: rate_limit "
                        + limit.limit() + "/" + limit.windowSeconds() + "s allows more requests per second than "
                        + bound.limit() + "/" + bound.windowSeconds() + "s of the calling key's plan '"
                        + plan.get().name() + "'");
            }
        }
    }

    private void checkShape(Actor actor, Environment environment, Set<Permission> permissions,
                            Restriction restriction, String teamId, Instant expiresAt, Limit rateLimit) {
        checkEnvironment(actor, environment);
        Set<Permission> wanted = Permission.closure(permissions);
        if (!actor.permissions().containsAll(wanted)) {
            EnumSet<Permission> extra = EnumSet.copyOf(wanted);
            extra.removeAll(actor.permissions());
            throw new ForbiddenException(ManagementRule.PERMISSIONS, "permissions", "permissions: permissions must "
                    + "be a subset of the calling key's (" + names(actor.permissions()) + "); " + names(extra)
                    + (extra.size() == 1 ? " is" : " are") + " not");
        }
        if (actor.restriction() != null && !actor.restriction().equals(restriction)) {
            String field = actor.restriction().type() + "_id";
            throw new ForbiddenException(ManagementRule.RESTRICTION, field, "restriction: " + field + " must be "
                    + Inputs.quote(context.format, actor.restriction().id()) + ", the calling key's own restriction");
        }
        if (actor.teamId() != null && !actor.teamId().equals(teamId)) {
            throw new ForbiddenException(ManagementRule.TEAM, "team_id", "team: team_id must be "
                    + Inputs.quote(context.format, actor.teamId()) + ", the calling key's own team");
        }
        if (actor.expiresAt() != null && (expiresAt == null || expiresAt.isAfter(actor.expiresAt()))) {
            throw new ForbiddenException(ManagementRule.EXPIRY, "expires_at", "expiry: expires_at must be no later "
                    + "than the calling key's expiry " + actor.expiresAt());
        }
        if (actor.rateLimit() != null && (rateLimit == null || faster(rateLimit, actor.rateLimit()))) {
            Limit own = actor.rateLimit();
            throw new ForbiddenException(ManagementRule.RATE_LIMIT, "rate_limit", "rate limit: rate_limit must allow "
                    + "no more requests per second than the calling key's own " + own.limit() + "/"
                    + own.windowSeconds() + "s");
        }
    }

    /**
     * Whether {@code a} allows more requests per second than {@code b}: {@code a.limit / a.window >
     * b.limit / b.window}, compared exactly as {@code a.limit * b.window > b.limit * a.window} (no rounding, no
     * overflow).
     */
    static boolean faster(Limit a, Limit b) {
        BigInteger left = BigInteger.valueOf(a.limit()).multiply(BigInteger.valueOf(b.windowSeconds()));
        BigInteger right = BigInteger.valueOf(b.limit()).multiply(BigInteger.valueOf(a.windowSeconds()));
        return left.compareTo(right) > 0;
    }

    private static String names(Set<Permission> permissions) {
        return permissions.stream().map(p -> "'" + p.wireName() + "'").collect(Collectors.joining(", "));
    }
}
