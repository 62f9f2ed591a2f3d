package io.keygate.service;

import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.Page;

import java.util.Objects;

/**
 * Reading the audit log (contract §7.5), and writing the events that accompany no change (a console sign-in or
 * sign-out). Events of key, service-account and plan changes are written by the other services together with the
 * change. There is no way to change or delete an event. Thread-safe.
 *
 * <p>Visibility: platform admins see every event; any other caller sees the events whose {@code organization_id}
 * is its own (that is, actions on its organization's objects, including refused attempts by other organizations'
 * keys; its own refused attempts on other organizations are visible to those organizations and the platform).
 */
public final class AuditService {

    private final Context context;
    private final Rules rules;
    private final Events events;

    AuditService(Context context) {
        this.context = Objects.requireNonNull(context, "context cannot be null");
        this.rules = new Rules(context);
        this.events = new Events(context);
    }

    /**
     * The events the actor may see, newest first.
     *
     * @throws ValidationException if a filter is malformed
     * @throws ForbiddenException  if the query names another organization and the actor is no platform admin
     */
    public Page<AuditEvent> search(Actor actor, AuditQuery query) {
        Objects.requireNonNull(actor, "actor cannot be null");
        checked(query);
        if (query.organizationId() == null) {
            return context.audit().search(query.withOrganizationId(
                    rules.isPlatformAdmin(actor) ? null : actor.organizationId()));
        }
        rules.checkOrganization(actor, query.organizationId());
        return context.audit().search(query);
    }

    /** Every event (a system operation). */
    public Page<AuditEvent> search(AuditQuery query) {
        checked(query);
        return context.audit().search(query);
    }

    /**
     * Appends an event that accompanies no change made through keygate, such as {@code console.sign_in}. Strings
     * are redacted and cut to fit like every event's.
     *
     * @param actor          the caller, or null when its key is unknown (a failed sign-in)
     * @param targetId       the object acted on, or null
     * @param organizationId the organization concerned, or null
     * @return the event written
     */
    public AuditEvent record(Actor actor, AuditEvent.Action action, AuditEvent.Outcome outcome,
                             AuditEvent.TargetType targetType, String targetId, String organizationId) {
        Objects.requireNonNull(action, "action cannot be null");
        Objects.requireNonNull(outcome, "outcome cannot be null");
        Objects.requireNonNull(targetType, "targetType cannot be null");
        AuditEvent event = events.event(actor, action, outcome, targetType, targetId, organizationId);
        events.append(event);
        return event;
    }

    private static void checked(AuditQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        Inputs.optionalId("organization_id", query.organizationId());
        Inputs.optionalId("target_id", query.targetId());
        Inputs.optionalId("actor_key_id", query.actorKeyId());
    }
}
