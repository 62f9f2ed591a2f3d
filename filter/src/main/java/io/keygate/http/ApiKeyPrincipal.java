package io.keygate.http;

import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.verify.VerifiedKey;

import java.security.Principal;
import java.util.Set;

/**
 * The authenticated caller: an API key's identity and grants, never its secret or hash.
 * {@link #getName()} is the key id. {@code viaToken} is true when the request presented a token exchanged for the key
 * (contract §8) rather than the key itself: a token endpoint must refuse such callers. Available as {@code request.getUserPrincipal()} and as the request
 * attribute {@link #REQUEST_ATTRIBUTE}.
 */
public record ApiKeyPrincipal(String keyId, String name, String organizationId, String teamId, Owner owner,
                              Environment environment, Set<Permission> permissions, Restriction restriction,
                              String plan, boolean viaToken) implements Principal {

    /** Request attribute holding the {@code ApiKeyPrincipal} of an authenticated request. */
    public static final String REQUEST_ATTRIBUTE = "io.keygate.principal";

    public ApiKeyPrincipal {
        permissions = Permission.canonical(permissions);
    }

    /** A principal of a request that presented the key itself. */
    public ApiKeyPrincipal(String keyId, String name, String organizationId, String teamId, Owner owner,
                           Environment environment, Set<Permission> permissions, Restriction restriction,
                           String plan) {
        this(keyId, name, organizationId, teamId, owner, environment, permissions, restriction, plan, false);
    }

    static ApiKeyPrincipal of(VerifiedKey key, String planName, boolean viaToken) {
        return new ApiKeyPrincipal(key.id(), key.name(), key.organizationId(), key.teamId(), key.owner(),
                key.environment(), key.permissions(), key.restriction(), planName, viaToken);
    }

    /** The key id. */
    @Override
    public String getName() {
        return keyId;
    }

    /** Whether the key has the permission, implications included (admin implies write implies read). */
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    public boolean isLive() {
        return environment == Environment.LIVE;
    }
}
