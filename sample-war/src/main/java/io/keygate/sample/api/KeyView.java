package io.keygate.sample.api;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Permission;
import io.keygate.service.CreatedKey;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key object of the admin API. Never the hash; the plaintext {@code key} only in the answer that creates it.
 * {@code permissions} are the effective ones (admin implies write implies read), in the order read, write, admin.
 */
public final class KeyView {

    private KeyView() {
    }

    public static Map<String, Object> of(ApiKey key, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("name", key.name());
        out.put("redacted", key.redacted());
        out.put("organization_id", key.organizationId());
        out.put("team_id", key.teamId());
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("type", key.owner().type().wireName());
        owner.put("id", key.owner().id());
        out.put("owner", owner);
        out.put("environment", key.environment().wireName());
        List<String> permissions = key.effectivePermissions().stream().sorted().map(Permission::wireName).toList();
        out.put("permissions", permissions);
        out.put("workflow_id", key.restriction() != null && "workflow".equals(key.restriction().type())
                ? key.restriction().id() : null);
        out.put("plan", key.plan());
        if (key.rateLimit() == null) {
            out.put("rate_limit", null);
        } else {
            Map<String, Object> limit = new LinkedHashMap<>();
            limit.put("limit", key.rateLimit().limit());
            limit.put("window_seconds", key.rateLimit().windowSeconds());
            out.put("rate_limit", limit);
        }
        out.put("status", key.statusAt(now).wireName());
        out.put("created_at", time(key.createdAt()));
        out.put("expires_at", time(key.expiresAt()));
        out.put("last_used_at", time(key.lastUsedAt()));
        out.put("revoked_at", time(key.revokedAt()));
        return out;
    }

    /** The key object plus {@code key} (the plaintext) and, for a rotation, {@code replaces}. */
    public static Map<String, Object> created(CreatedKey created, Instant now) {
        Map<String, Object> out = of(created.key(), now);
        out.put("key", created.plaintext());
        if (created.key().replacesId() != null) {
            out.put("replaces", created.key().replacesId());
        }
        return out;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
