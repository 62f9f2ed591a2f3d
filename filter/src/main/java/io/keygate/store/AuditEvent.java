package io.keygate.store;

import io.keygate.keys.Owner;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the audit log (contract §7.5): who ({@link Actor}) did what ({@link Action}) to which object
 * ({@link Target}) of which organization, from which client address, and whether it was done or refused. Never holds
 * a key or a key hash: ids only. Immutable; events are appended and never changed or deleted.
 *
 * <p>Stores keep every string field in a column of {@value #MAX_FIELD_LENGTH} characters; a longer value is
 * rejected by the store with an {@link IllegalArgumentException} (and the change it accompanies is rolled back).
 *
 * @param id             public id, {@code evt_…}
 * @param at             when, millisecond precision
 * @param organizationId the organization the action concerned (the target's), or null when unknown
 * @param clientAddress  the caller's address as the application saw it, or null
 */
public record AuditEvent(String id, Instant at, Action action, Outcome outcome, Actor actor, Target target,
                         String organizationId, String clientAddress) {

    /** Longest string any field may hold (the column size of every store). */
    public static final int MAX_FIELD_LENGTH = 64;

    public AuditEvent {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(at, "at cannot be null");
        Objects.requireNonNull(action, "action cannot be null");
        Objects.requireNonNull(outcome, "outcome cannot be null");
        Objects.requireNonNull(actor, "actor cannot be null");
        Objects.requireNonNull(target, "target cannot be null");
    }

    /** What was done. Wire names as in the contract, e.g. {@code key.create}. */
    public enum Action {
        KEY_CREATE("key.create"),
        KEY_ROTATE("key.rotate"),
        KEY_REVOKE("key.revoke"),
        SERVICE_ACCOUNT_CREATE("service_account.create"),
        SERVICE_ACCOUNT_DISABLE("service_account.disable"),
        ORGANIZATION_PLAN("organization.plan"),
        CONSOLE_SIGN_IN("console.sign_in"),
        CONSOLE_SIGN_OUT("console.sign_out");

        private final String wireName;

        Action(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException for an unknown name */
        public static Action fromWireName(String value) {
            for (Action a : values()) {
                if (a.wireName.equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("action must be one of key.create, key.rotate, key.revoke, "
                    + "service_account.create, service_account.disable, organization.plan, console.sign_in, "
                    + "console.sign_out");
        }
    }

    /** Done, or refused by the management rules (contract §7.1). */
    public enum Outcome {
        SUCCESS, DENIED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but {@code success} and {@code denied} */
        public static Outcome fromWireName(String value) {
            for (Outcome o : values()) {
                if (o.wireName().equals(value)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("outcome must be 'success' or 'denied'");
        }
    }

    /** The kind of object acted on. */
    public enum TargetType {
        KEY("key"), SERVICE_ACCOUNT("service_account"), ORGANIZATION("organization");

        private final String wireName;

        TargetType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException for an unknown name */
        public static TargetType fromWireName(String value) {
            for (TargetType t : values()) {
                if (t.wireName.equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("target type must be 'key', 'service_account' or 'organization'");
        }
    }

    /**
     * The caller: its key's id and organization and the key's owner (any of them null when unknown, e.g. a
     * sign-in attempt with an unknown key).
     */
    public record Actor(String keyId, String organizationId, Owner owner) {
    }

    /** The object acted on; {@code id} is null when there is none yet (a refused creation). */
    public record Target(TargetType type, String id) {
        public Target {
            Objects.requireNonNull(type, "type cannot be null");
        }
    }
}
