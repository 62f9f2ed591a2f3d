package io.keygate.sample.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Permission;
import io.keygate.service.CreatedKey;

import java.time.Instant;
import java.util.List;

/**
 * The key object of the admin API. Never the hash; {@code key} (the plaintext) only in the answer that creates it,
 * {@code replaces} only in a rotation's. {@code permissions} are the effective ones (admin implies write implies
 * read), in the order read, write, admin.
 */
public record KeyView(String id, String name, String redacted, String organizationId, String teamId, Owner owner,
                      String environment, List<String> permissions, String workflowId, String plan,
                      RateLimit rateLimit, String status, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                      Instant revokedAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String key,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String replaces) {

    public record Owner(String type, String id) {
    }

    public record RateLimit(long limit, long windowSeconds) {
    }

    public static KeyView of(ApiKey key, Instant now) {
        return of(key, now, null);
    }

    /** The key object with the plaintext and, for a rotation, the id of the key it replaces. */
    public static KeyView created(CreatedKey created, Instant now) {
        return of(created.key(), now, created.plaintext());
    }

    private static KeyView of(ApiKey key, Instant now, String plaintext) {
        return new KeyView(key.id(), key.name(), key.redacted(), key.organizationId(), key.teamId(),
                new Owner(key.owner().type().wireName(), key.owner().id()),
                key.environment().wireName(),
                key.effectivePermissions().stream().sorted().map(Permission::wireName).toList(),
                key.restriction() != null && "workflow".equals(key.restriction().type()) ? key.restriction().id() : null,
                key.plan(),
                key.rateLimit() == null ? null : new RateLimit(key.rateLimit().limit(), key.rateLimit().windowSeconds()),
                key.statusAt(now).wireName(),
                key.createdAt(), key.expiresAt(), key.lastUsedAt(), key.revokedAt(),
                plaintext, plaintext == null ? null : key.replacesId());
    }
}
