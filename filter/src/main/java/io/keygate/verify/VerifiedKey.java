package io.keygate.verify;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the key cache keeps of an {@link ApiKey}: exactly what verification and the principal read. No hash (the
 * cache key is the digest), no display data, times as epoch milliseconds, the effective permissions as one of
 * the 8 shared sets, low-cardinality strings shared. This is what keeps 100,000 cached keys within about 50 MB
 * (see bench/RESULTS.md). Immutable.
 */
public final class VerifiedKey {

    /** Prefix of an organization's rate-limit bucket; a key's bucket is its id (ids never contain a colon). */
    public static final String ORGANIZATION_BUCKET_PREFIX = "o:";

    private final String id;
    private final String name;
    private final String organizationId;
    private final String organizationBucket;
    private final String teamId;
    private final Owner owner;
    private final Environment environment;
    private final Set<Permission> permissions;
    private final Restriction restriction;
    private final String plan;
    private final List<Limit> rateLimits;
    private final long expiresAtMillis;
    private final boolean revoked;

    /**
     * @param organizationBucket {@code o:<organizationId>}, shared by every key of the organization
     * @param rateLimit          the key's own limit, or null
     * @param expiresAtMillis    epoch milliseconds, or {@link Long#MAX_VALUE} for a key that does not expire
     */
    VerifiedKey(String id, String name, String organizationId, String organizationBucket, String teamId, Owner owner,
                Environment environment, Set<Permission> permissions, Restriction restriction, String plan,
                Limit rateLimit, long expiresAtMillis, boolean revoked) {
        this.id = Objects.requireNonNull(id, "id cannot be null");
        this.name = name;
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId cannot be null");
        this.organizationBucket = organizationBucket;
        this.teamId = teamId;
        this.owner = owner;
        this.environment = environment;
        this.permissions = Permission.closure(permissions);
        this.restriction = restriction;
        this.plan = plan;
        this.rateLimits = rateLimit == null ? null : List.of(rateLimit);
        this.expiresAtMillis = expiresAtMillis;
        this.revoked = revoked;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String organizationId() {
        return organizationId;
    }

    public String teamId() {
        return teamId;
    }

    public Owner owner() {
        return owner;
    }

    public Environment environment() {
        return environment;
    }

    /** Effective permissions: admin implies write, write implies read. */
    public Set<Permission> permissions() {
        return permissions;
    }

    public Restriction restriction() {
        return restriction;
    }

    /** The key's own plan, or null when its organization's applies. */
    public String plan() {
        return plan;
    }

    /** The key's own rate limit, replacing its plan's limits, or null. */
    public Limit rateLimit() {
        return rateLimits == null ? null : rateLimits.get(0);
    }

    /** {@link #rateLimit()} as a list, made once. */
    List<Limit> rateLimits() {
        return rateLimits;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public boolean revoked() {
        return revoked;
    }

    /** The rate-limit bucket of this key when limits count per key: its id. */
    String keyBucket() {
        return id;
    }

    /** The rate-limit bucket of this key's organization when limits count per organization. */
    String organizationBucket() {
        return organizationBucket;
    }

    /** Status at {@code nowMillis}, as {@link ApiKey#statusAt} defines it. */
    public ApiKey.Status statusAt(long nowMillis) {
        if (revoked) {
            return ApiKey.Status.REVOKED;
        }
        return expiresAtMillis <= nowMillis ? ApiKey.Status.EXPIRED : ApiKey.Status.ACTIVE;
    }

    @Override
    public String toString() {
        return "VerifiedKey[" + id + ", organization=" + organizationId + ", " + environment + "]";
    }
}
