package io.keygate.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A non-human owner of keys (contract §7.2): scripts, integrations, the bootstrap. Disabling one revokes every key
 * it owns. Immutable.
 *
 * @param id             {@code sa_…}
 * @param name           1..128 characters (code points)
 * @param organizationId the organization it belongs to; only keys of that organization may name it as owner
 * @param teamId         optional team of that organization
 * @param disabledAt     when it was disabled, or null while active
 */
public record ServiceAccount(String id, String name, String organizationId, String teamId, Instant createdAt,
                             Instant disabledAt) {

    public ServiceAccount {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(organizationId, "organizationId cannot be null");
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
    }

    public enum Status {
        ACTIVE, DISABLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for anything but {@code active} and {@code disabled} */
        public static Status fromWireName(String value) {
            for (Status s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("status must be 'active' or 'disabled'");
        }
    }

    public Status status() {
        return disabledAt == null ? Status.ACTIVE : Status.DISABLED;
    }

    public boolean isActive() {
        return disabledAt == null;
    }

    public ServiceAccount withDisabledAt(Instant at) {
        return new ServiceAccount(id, name, organizationId, teamId, createdAt, at);
    }
}
