package io.keygate.service;

import io.keygate.store.AuditEvent;

/**
 * Makes audit events and writes the ones that accompany no change (refusals, sign-ins). Every client-influenced
 * string is passed through {@link io.keygate.keys.KeyFormat#redactKeys} and cut to the stores' column size, so an
 * event never holds a key, and an event can always be stored.
 */
final class Events {

    static final String ID_PREFIX = "evt_";
    private static final int MAX = AuditEvent.MAX_FIELD_LENGTH;

    private final Context context;

    Events(Context context) {
        this.context = context;
    }

    AuditEvent event(Actor actor, AuditEvent.Action action, AuditEvent.Outcome outcome, AuditEvent.TargetType type,
                     String targetId, String organizationId) {
        AuditEvent.Actor who = actor == null ? new AuditEvent.Actor(null, null, null)
                : new AuditEvent.Actor(actor.keyId(), actor.organizationId(), actor.owner());
        return new AuditEvent(context.newId(ID_PREFIX), context.now(), action, outcome, who,
                new AuditEvent.Target(type, clean(targetId)), clean(organizationId),
                address(actor == null ? null : actor.clientAddress()));
    }

    AuditEvent success(Actor actor, AuditEvent.Action action, AuditEvent.TargetType type, String targetId,
                       String organizationId) {
        return event(actor, action, AuditEvent.Outcome.SUCCESS, type, targetId, organizationId);
    }

    /** Appends the refusal and returns {@code refusal} for the caller to throw. */
    ForbiddenException denied(Actor actor, AuditEvent.Action action, AuditEvent.TargetType type, String targetId,
                              String organizationId, ForbiddenException refusal) {
        append(event(actor, action, AuditEvent.Outcome.DENIED, type, targetId, organizationId));
        return refusal;
    }

    /** Appends an event that accompanies no change. */
    void append(AuditEvent event) {
        context.audit().append(event);
        context.metrics.written(event);
    }

    /** Counts an event its store wrote together with a change. */
    void written(AuditEvent event) {
        context.metrics.written(event);
    }

    private String clean(String value) {
        if (value == null) {
            return null;
        }
        String redacted = context.format.redactKeys(value);
        return redacted.length() <= MAX ? redacted : redacted.substring(0, MAX - 3) + "...";
    }

    /** Printable ASCII only (addresses are, and a forged header may be anything), redacted, cut to fit. */
    private String address(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), 2 * MAX));
        for (int i = 0; i < value.length() && out.length() < 2 * MAX; i++) {
            char c = value.charAt(i);
            out.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return clean(out.toString());
    }
}
