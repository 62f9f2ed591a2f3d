package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Row of table {@code apikey}: the hash and non-secret display data of one key, never its plaintext. Internal to
 * {@link JpaApiKeyStore}; applications work with {@link ApiKey}.
 *
 * <p>Times are epoch milliseconds (UTC) in {@code BIGINT} columns. Jakarta Persistence 3.1 has no mapping for
 * {@link Instant}, and EclipseLink 4 binds {@code LocalDateTime} through {@code java.sql.Timestamp} in the JVM's
 * default time zone, which shifts values falling into a daylight-saving gap; a plain number is exact and reads the
 * same on H2, PostgreSQL and MariaDB whatever the server or JVM zone.
 */
@Entity(name = "ApiKeyEntity")
@Table(name = "apikey")
public class ApiKeyEntity {

    @Id
    @Column(name = "id", length = 64, nullable = false, updatable = false)
    private String id;

    @Column(name = "key_hash", length = 64, nullable = false, unique = true, updatable = false)
    private String keyHash;

    @Column(name = "prefix", length = 16, nullable = false, updatable = false)
    private String prefix;

    @Column(name = "start4", length = 4, updatable = false)
    private String start4;

    @Column(name = "end4", length = 4, updatable = false)
    private String end4;

    @Column(name = "name", length = 128, nullable = false)
    private String name;

    @Column(name = "organization_id", length = 64, nullable = false)
    private String organizationId;

    @Column(name = "team_id", length = 64)
    private String teamId;

    @Column(name = "owner_type", length = 16, nullable = false)
    private String ownerType;

    @Column(name = "owner_id", length = 64, nullable = false)
    private String ownerId;

    @Column(name = "environment", length = 8, nullable = false)
    private String environment;

    /** Comma-separated wire names in declaration order, e.g. {@code read,write}; empty for none. */
    @Column(name = "permissions", length = 64, nullable = false)
    private String permissions;

    @Column(name = "restriction_type", length = 64)
    private String restrictionType;

    @Column(name = "restriction_id", length = 64)
    private String restrictionId;

    @Column(name = "plan", length = 64)
    private String plan;

    @Column(name = "rate_limit_count")
    private Long rateLimitCount;

    @Column(name = "rate_limit_window_s")
    private Long rateLimitWindowSeconds;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "expires_at")
    private Long expiresAt;

    @Column(name = "revoked_at")
    private Long revokedAt;

    @Column(name = "last_used_at")
    private Long lastUsedAt;

    @Column(name = "replaces_id", length = 64)
    private String replacesId;

    /** The key that replaced this one by rotation (set by the rotation's conditional update only). */
    @Column(name = "replaced_by_id", length = 64, insertable = false, updatable = false)
    private String replacedById;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For the persistence provider. */
    protected ApiKeyEntity() {
    }

    static ApiKeyEntity from(ApiKey key) {
        ApiKeyEntity e = new ApiKeyEntity();
        e.id = key.id();
        e.keyHash = key.hash();
        e.prefix = key.prefix();
        e.start4 = key.start4();
        e.end4 = key.end4();
        e.name = key.name();
        e.organizationId = key.organizationId();
        e.teamId = key.teamId();
        e.ownerType = key.owner().type().wireName();
        e.ownerId = key.owner().id();
        e.environment = key.environment().wireName();
        e.permissions = joinPermissions(key.permissions());
        if (key.restriction() != null) {
            e.restrictionType = key.restriction().type();
            e.restrictionId = key.restriction().id();
        }
        e.plan = key.plan();
        if (key.rateLimit() != null) {
            e.rateLimitCount = key.rateLimit().limit();
            e.rateLimitWindowSeconds = key.rateLimit().windowSeconds();
        }
        e.createdAt = key.createdAt().toEpochMilli();
        e.expiresAt = millis(key.expiresAt());
        e.revokedAt = millis(key.revokedAt());
        e.lastUsedAt = millis(key.lastUsedAt());
        e.replacesId = key.replacesId();
        return e;
    }

    ApiKey toApiKey() {
        Restriction restriction = restrictionType == null || restrictionId == null
                ? null : new Restriction(restrictionType, restrictionId);
        Limit rateLimit = rateLimitCount == null || rateLimitWindowSeconds == null
                ? null : new Limit(rateLimitCount, rateLimitWindowSeconds);
        return new ApiKey(id, keyHash, prefix, start4, end4, name, organizationId, teamId,
                new Owner(Owner.Type.fromWireName(ownerType), ownerId), Environment.fromWireName(environment),
                parsePermissions(permissions), restriction, plan, rateLimit, Instant.ofEpochMilli(createdAt),
                instant(expiresAt), instant(revokedAt), instant(lastUsedAt), replacesId);
    }

    String keyHash() {
        return keyHash;
    }

    String replacedById() {
        return replacedById;
    }

    static String joinPermissions(Set<Permission> permissions) {
        StringJoiner joined = new StringJoiner(",");
        for (Permission p : Permission.values()) {
            if (permissions.contains(p)) {
                joined.add(p.wireName());
            }
        }
        return joined.toString();
    }

    static Set<Permission> parsePermissions(String text) {
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            out.add(Permission.fromWireName(part.trim()));
        }
        return out;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
