package io.keygate.jpa;

import io.keygate.keys.Owner;
import io.keygate.store.AuditEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eclipse.persistence.annotations.ReadOnly;

import java.time.Instant;

/**
 * Row of table {@code audit_event}, for reading only: EclipseLink's {@link ReadOnly} makes the persistence provider
 * refuse to insert, update or delete it, and rows are written only by {@link AuditRows}, so no update or delete path
 * exists. Internal to {@link JpaAuditLog}.
 */
@ReadOnly
@Entity(name = "AuditEventEntity")
@Table(name = "audit_event")
public class AuditEventEntity {

    @Id
    @Column(name = "id", length = 64, nullable = false)
    private String id;

    @Column(name = "occurred_at", nullable = false)
    private long occurredAt;

    @Column(name = "action", length = 32, nullable = false)
    private String action;

    @Column(name = "outcome", length = 8, nullable = false)
    private String outcome;

    @Column(name = "actor_key_id", length = 64)
    private String actorKeyId;

    @Column(name = "actor_organization_id", length = 64)
    private String actorOrganizationId;

    @Column(name = "actor_owner_type", length = 16)
    private String actorOwnerType;

    @Column(name = "actor_owner_id", length = 64)
    private String actorOwnerId;

    @Column(name = "target_type", length = 16, nullable = false)
    private String targetType;

    @Column(name = "target_id", length = 64)
    private String targetId;

    @Column(name = "organization_id", length = 64)
    private String organizationId;

    @Column(name = "client_address", length = 64)
    private String clientAddress;

    /** For the persistence provider. */
    protected AuditEventEntity() {
    }

    AuditEvent toEvent() {
        Owner owner = actorOwnerType == null || actorOwnerId == null ? null
                : new Owner(Owner.Type.fromWireName(actorOwnerType), actorOwnerId);
        return new AuditEvent(id, Instant.ofEpochMilli(occurredAt), AuditEvent.Action.fromWireName(action),
                AuditEvent.Outcome.fromWireName(outcome), new AuditEvent.Actor(actorKeyId, actorOrganizationId, owner),
                new AuditEvent.Target(AuditEvent.TargetType.fromWireName(targetType), targetId), organizationId,
                clientAddress);
    }
}
