package io.keygate.verify;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;

import java.util.Set;

/**
 * What the key cache keeps of an {@link ApiKey}: exactly what verification and the principal read. No hash (the
 * cache key is the digest), no display data, times as epoch milliseconds, the effective permissions as one of
 * the 8 shared sets. This is what keeps 100,000 cached keys within about 50 MB (see bench/RESULTS.md).
 *
 * @param expiresAtMillis epoch milliseconds, or {@link Long#MAX_VALUE} for a key that does not expire
 */
public record VerifiedKey(String id, String name, String organizationId, String teamId, Owner owner,
                          Environment environment, Set<Permission> permissions, Restriction restriction,
                          String plan, Limit rateLimit, long expiresAtMillis, boolean revoked) {

    /** Status at {@code nowMillis}, as {@link ApiKey#statusAt} defines it. */
    public ApiKey.Status statusAt(long nowMillis) {
        if (revoked) {
            return ApiKey.Status.REVOKED;
        }
        return expiresAtMillis <= nowMillis ? ApiKey.Status.EXPIRED : ApiKey.Status.ACTIVE;
    }
}
