package io.keygate.bench.scale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;

import java.time.Duration;
import java.time.Instant;

/**
 * NOT product code: a prototype of the key cache layout proposed in FINDINGS.md, measured by {@link HeapRun} next
 * to the filter's real {@code KeyResolver} so the proposal comes with an "after" number. Differences from the
 * current cache:
 * <ul>
 *   <li>the key is the 32-byte digest as four longs, not a 64-character hex string (48 bytes instead of 104);</li>
 *   <li>the value keeps only what verification and the principal need: no hash copy, prefix, start4/end4,
 *       created/last-used instants or replaces id; permissions as a bit mask; times as epoch millis;</li>
 *   <li>organization, team and plan strings, which repeat across keys, are interned (weak interner); owner ids
 *       are not: they are mostly distinct, and an interner entry costs more than it saves.</li>
 * </ul>
 */
final class CompactCachePrototype {

    record Digest(long a, long b, long c, long d) {
        static Digest ofHex(String hex) {
            return new Digest(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16),
                    Long.parseUnsignedLong(hex, 32, 48, 16), Long.parseUnsignedLong(hex, 48, 64, 16));
        }
    }

    record CachedKey(String id, String name, String organizationId, String teamId, Owner owner,
                     Environment environment, byte permissions, Restriction restriction, String plan,
                     Limit rateLimit, long expiresAtMillis, long revokedAtMillis, long loadedAtMillis) {
    }

    private final Interner<String> interner = Interner.newWeakInterner();
    private final Cache<Digest, CachedKey> cache;

    CompactCachePrototype(long maxSize, Duration ttlPlusStale) {
        cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttlPlusStale).recordStats().build();
    }

    void put(String hashHex, ApiKey key, long nowMillis) {
        byte mask = 0;
        for (Permission p : key.permissions()) {
            mask |= (byte) (1 << p.ordinal());
        }
        cache.put(Digest.ofHex(hashHex), new CachedKey(key.id(), key.name(), interner.intern(key.organizationId()),
                key.teamId() == null ? null : interner.intern(key.teamId()), key.owner(), key.environment(), mask,
                key.restriction(), key.plan() == null ? null : interner.intern(key.plan()), key.rateLimit(),
                millis(key.expiresAt()), millis(key.revokedAt()), nowMillis));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static long millis(Instant t) {
        return t == null ? Long.MIN_VALUE : t.toEpochMilli();
    }
}
