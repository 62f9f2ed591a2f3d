package io.keygate.service;

import io.keygate.store.AuditEvent;
import io.keygate.store.OrganizationPlanStore;

import java.util.Objects;

/**
 * Changing an organization's plan (contract §7.4): platform admins only, audited as {@code organization.plan}
 * whether done or refused. The change is made by the application's {@link OrganizationPlanStore} together with its
 * audit event; that store decides how soon other nodes see it (contract: within 5 s). Thread-safe.
 */
public final class PlanService {

    private final Context context;
    private final Rules rules;
    private final Events events;

    PlanService(Context context) {
        this.context = Objects.requireNonNull(context, "context cannot be null");
        this.rules = new Rules(context);
        this.events = new Events(context);
    }

    /** An organization and its plan after a change. */
    public record Assignment(String organizationId, String plan) {
    }

    /**
     * Sets the plan of an organization.
     *
     * @return the new assignment; empty if there is no such organization
     * @throws ValidationException   if the id is malformed or the plan unknown
     * @throws ForbiddenException    ({@link ManagementRule#PLAN}) if the actor is no platform admin
     * @throws IllegalStateException if keygate was built without an {@link OrganizationPlanStore}
     */
    public java.util.Optional<Assignment> changePlan(Actor actor, String organizationId, String planName) {
        Objects.requireNonNull(actor, "actor cannot be null");
        OrganizationPlanStore store = store();
        context.audit();
        Inputs.id("organization_id", organizationId);
        if (!rules.isPlatformAdmin(actor)) {
            throw events.denied(actor, AuditEvent.Action.ORGANIZATION_PLAN, AuditEvent.TargetType.ORGANIZATION,
                    organizationId, organizationId, new ForbiddenException(ManagementRule.PLAN, "plan",
                            "plan: only admin keys of " + Inputs.quote(context.format, context.platformOrganization)
                                    + " may change an organization's plan"));
        }
        if (planName == null) {
            throw new ValidationException("plan", "plan is required");
        }
        Inputs.id("plan", planName);
        if (context.plans != null && context.plans.byName(planName).isEmpty()) {
            throw new ValidationException("plan", "plan " + Inputs.quote(context.format, planName)
                    + " is not a known plan");
        }
        AuditEvent event = events.success(actor, AuditEvent.Action.ORGANIZATION_PLAN,
                AuditEvent.TargetType.ORGANIZATION, organizationId, organizationId);
        if (!store.assignPlan(organizationId, planName, event)) {
            return java.util.Optional.empty();
        }
        events.written(event);
        return java.util.Optional.of(new Assignment(organizationId, planName));
    }

    private OrganizationPlanStore store() {
        if (context.organizationPlans == null) {
            throw new IllegalStateException("plan changes need an OrganizationPlanStore: "
                    + "Keygate.builder().organizationPlanStore(...)");
        }
        return context.organizationPlans;
    }
}
