package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks for a management operation: the caller's API key (its grants, which bound what it may create, rotate
 * and revoke, contract §7.1) and the client address the request came from (for the audit log). Build it with
 * {@link ApiKeyService#actor(String, String)} from the authenticated key id (the principal's name), which reads the
 * key's current state from the store, or with {@link #of(ApiKey, String)}. Immutable; holds no secret.
 *
 * @param permissions   effective permissions (admin implies write implies read)
 * @param plan          the key's own plan, or null
 * @param rateLimit     the key's own rate limit, or null
 * @param expiresAt     the key's expiry, or null
 * @param clientAddress the request's client address as the application sees it, or null
 */
public record Actor(String keyId, String organizationId, String teamId, Owner owner, Environment environment,
                    Set<Permission> permissions, Restriction restriction, String plan, Limit rateLimit,
                    Instant expiresAt, String clientAddress) {

    public Actor {
        Objects.requireNonNull(keyId, "keyId cannot be null");
        Objects.requireNonNull(organizationId, "organizationId cannot be null");
        Objects.requireNonNull(owner, "owner cannot be null");
        Objects.requireNonNull(environment, "environment cannot be null");
        permissions = Permission.closure(permissions == null ? Set.of() : permissions);
    }

    /** The actor whose key is {@code key}, calling from {@code clientAddress}. */
    public static Actor of(ApiKey key, String clientAddress) {
        Objects.requireNonNull(key, "key cannot be null");
        return new Actor(key.id(), key.organizationId(), key.teamId(), key.owner(), key.environment(),
                key.permissions(), key.restriction(), key.plan(), key.rateLimit(), key.expiresAt(), clientAddress);
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
