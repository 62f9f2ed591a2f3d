package io.keygate.keys;

import io.keygate.limit.Limit;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A stored API key: its SHA-256 hash and non-secret display data, never the plaintext. Immutable.
 *
 * @param id             public, URL-safe identifier, not derived from the secret
 * @param hash           lowercase hex SHA-256 of the key
 * @param prefix         the key's prefix, e.g. {@code sk_live_}
 * @param start4         the first 4 body characters
 * @param end4           the last 4 key characters
 * @param name           0..128 characters
 * @param organizationId required
 * @param teamId         optional
 * @param owner          user or service account
 * @param permissions    as granted (see {@link #effectivePermissions()})
 * @param restriction    optional, e.g. {@code workflow=wf_echo}
 * @param plan           optional plan name overriding the organization's
 * @param rateLimit      optional override replacing the plan's limits
 * @param replacesId     the key this one replaced by rotation, if any
 */
public record ApiKey(
        String id,
        String hash,
        String prefix,
        String start4,
        String end4,
        String name,
        String organizationId,
        String teamId,
        Owner owner,
        Environment environment,
        Set<Permission> permissions,
        Restriction restriction,
        String plan,
        Limit rateLimit,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt,
        String replacesId) {

    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ApiKey {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(hash, "hash cannot be null");
        Objects.requireNonNull(prefix, "prefix cannot be null");
        Objects.requireNonNull(organizationId, "organizationId cannot be null");
        Objects.requireNonNull(owner, "owner cannot be null");
        Objects.requireNonNull(environment, "environment cannot be null");
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        name = name == null ? "" : name;
        permissions = Permission.canonical(permissions == null ? Set.of() : permissions);
    }

    /** {@code revoked} if revoked; else {@code expired} if {@code expiresAt <= now}; else {@code active}. */
    public Status statusAt(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    /** Granted permissions with their implications: admin implies write, write implies read. */
    public Set<Permission> effectivePermissions() {
        return Permission.closure(permissions);
    }

    public String redacted() {
        return KeyFormat.redact(prefix, start4, end4);
    }

    public ApiKey withRevokedAt(Instant at) {
        return new ApiKey(id, hash, prefix, start4, end4, name, organizationId, teamId, owner, environment,
                permissions, restriction, plan, rateLimit, createdAt, expiresAt, at, lastUsedAt, replacesId);
    }

    public ApiKey withExpiresAt(Instant at) {
        return new ApiKey(id, hash, prefix, start4, end4, name, organizationId, teamId, owner, environment,
                permissions, restriction, plan, rateLimit, createdAt, at, revokedAt, lastUsedAt, replacesId);
    }

    public ApiKey withLastUsedAt(Instant at) {
        return new ApiKey(id, hash, prefix, start4, end4, name, organizationId, teamId, owner, environment,
                permissions, restriction, plan, rateLimit, createdAt, expiresAt, revokedAt, at, replacesId);
    }

    /** Shows the redacted form and identifiers; the hash is left out on purpose. */
    @Override
    public String toString() {
        return "ApiKey[id=" + id + ", " + redacted() + ", organization=" + organizationId + ", environment="
                + environment.wireName() + ", permissions=" + permissions + "]";
    }
}
