package io.keygate.token;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a token says about the API key it was exchanged for: the key's id, organization, team, environment,
 * permissions and restriction, and its expiry (a token never outlives its key). No secret: the key's plaintext and
 * hash are not here.
 *
 * @param keyId          the key's public id (claim {@code sub})
 * @param organizationId claim {@code org}
 * @param teamId         claim {@code team}, or null
 * @param environment    claim {@code env}
 * @param permissions    claim {@code scope}; implied permissions are added (admin → write → read)
 * @param restriction    claim {@code restriction}, or null
 * @param expiresAt      the key's own expiry, or null when it does not expire
 */
public record TokenSubject(String keyId, String organizationId, String teamId, Environment environment,
                           Set<Permission> permissions, Restriction restriction, Instant expiresAt) {

    public TokenSubject {
        Objects.requireNonNull(keyId, "keyId cannot be null");
        Objects.requireNonNull(organizationId, "organizationId cannot be null");
        Objects.requireNonNull(environment, "environment cannot be null");
        permissions = Permission.closure(permissions == null ? Set.of() : permissions);
    }

    /** The subject of a stored key. */
    public static TokenSubject of(ApiKey key) {
        return new TokenSubject(key.id(), key.organizationId(), key.teamId(), key.environment(), key.permissions(),
                key.restriction(), key.expiresAt());
    }
}
