package io.keygate.sample.api;

import io.keygate.store.AuditEvent;

import java.time.Instant;

/**
 * An audit event of the admin API (contract §7.5): {@code actor} is the calling key (its id, organization and
 * owner), {@code target} the object acted on. Never a key or a hash.
 */
public record AuditEventView(String id, Instant at, String action, String outcome, ActorView actor,
                             TargetView target, String organizationId, String clientAddress) {

    public record ActorView(String keyId, String organizationId, KeyView.Owner owner) {
    }

    public record TargetView(String type, String id) {
    }

    public static AuditEventView of(AuditEvent e) {
        AuditEvent.Actor a = e.actor();
        return new AuditEventView(e.id(), e.at(), e.action().wireName(), e.outcome().wireName(),
                new ActorView(a.keyId(), a.organizationId(),
                        a.owner() == null ? null : new KeyView.Owner(a.owner().type().wireName(), a.owner().id())),
                new TargetView(e.target().type().wireName(), e.target().id()), e.organizationId(), e.clientAddress());
    }
}
