package io.keygate.store;

/**
 * SPI: changes an organization's plan, in the application's directory of organizations (keygate does not own
 * organizations). The same object is usually the application's {@link io.keygate.limit.PlanResolver}: it must make
 * the change govern requests on this node at once (drop its cached answer) and on the other nodes within the time
 * its documentation promises (a cache TTL of at most 5 s satisfies contract §7.4).
 */
public interface OrganizationPlanStore {

    /**
     * Sets the plan (a name the plan resolver knows) and appends {@code event} in the same transaction.
     *
     * @return false if there is no such organization (then nothing is written)
     */
    boolean assignPlan(String organizationId, String planName, AuditEvent event);
}
