package io.keygate.store;

/**
 * A page request for audit events, newest first. Every filter is an exact match; null means "any".
 *
 * @param organizationId events concerning this organization
 * @param action         this action
 * @param targetId       events on this object (a key, service account or organization id)
 * @param actorKeyId     events made by this key
 * @param outcome        success or denied
 * @param page           from 1
 * @param size           1..100
 */
public record AuditQuery(String organizationId, AuditEvent.Action action, String targetId, String actorKeyId,
                         AuditEvent.Outcome outcome, int page, int size) {

    public AuditQuery {
        KeyQuery.checkPaging(page, size);
        organizationId = emptyToNull(organizationId);
        targetId = emptyToNull(targetId);
        actorKeyId = emptyToNull(actorKeyId);
    }

    /** All events, one page. */
    public static AuditQuery all(int page, int size) {
        return new AuditQuery(null, null, null, null, null, page, size);
    }

    public long offset() {
        return (long) (page - 1) * size;
    }

    /** This query restricted to one organization. */
    public AuditQuery withOrganizationId(String organization) {
        return new AuditQuery(organization, action, targetId, actorKeyId, outcome, page, size);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
