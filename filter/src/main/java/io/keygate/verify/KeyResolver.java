package io.keygate.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyDigest;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Restriction;
import io.keygate.metrics.Meters;
import io.keygate.service.RevocationListener;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.StoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the key for a hash: cache, then store.
 *
 * <ul>
 *   <li>Positive entries are fresh for {@code ttl}; after that the next request reloads from the store.</li>
 *   <li>Entries are kept {@code staleIfError} longer: if the reload fails because the store is unreachable, the
 *       last verified state keeps answering (stale-if-error), bounded by that window and the cache size.</li>
 *   <li>Unknown hashes are cached negatively for {@code negativeTtl}. A store error is never cached.</li>
 *   <li>{@link #keyChanged} (revocation, rotation) evicts both entries before the service call returns.</li>
 * </ul>
 *
 * <p>After a store error, lookups are not retried for {@link #STORE_ERROR_BACKOFF_MILLIS}: during an outage the
 * requests answer at once (stale entry or unavailable) instead of each waiting for the store's timeout.
 *
 * <p>Race with revocation: a lookup that started before a revocation could otherwise put the old, active state
 * back into the cache after the eviction. Every eviction bumps {@code generation}; a load that saw the generation
 * change while it ran drops what it cached (it still answers the request it was made for).
 *
 * <p>When a cached entry's TTL has passed, one request reloads it while the others keep answering from it.
 * Concurrent misses for one hash each ask the store (no per-key lock around I/O, which would also block
 * unrelated keys sharing a map bin while the store is slow); the negative cache and the failure limiter bound
 * how often that can happen for unknown keys.
 */
final class KeyResolver implements RevocationListener {

    /** What a lookup found. */
    public sealed interface Resolution {
    }

    /** A key: {@code stale} when served from the cache because the store could not be asked. */
    public static final class Found implements Resolution {
        private final VerifiedKey key;
        private final boolean stale;
        private final long loadedAtMillis;
        /** 1 while one request reloads this entry from the store (see {@link #RELOADING}). */
        private volatile int reloading;
        /** When this entry's use was last reported to the eviction policy; racy on purpose, it is a hint. */
        private volatile long accessRecordedAtMillis = Long.MIN_VALUE / 2;

        Found(VerifiedKey key, boolean stale, long loadedAtMillis) {
            this.key = key;
            this.stale = stale;
            this.loadedAtMillis = loadedAtMillis;
        }

        public VerifiedKey key() {
            return key;
        }

        public boolean stale() {
            return stale;
        }

        @Override
        public String toString() {
            return "Found[" + key.id() + (stale ? ", stale]" : "]");
        }
    }

    public record Unknown() implements Resolution {
    }

    public record Unavailable() implements Resolution {
    }

    /** How long after a store error cache misses answer "unavailable" without asking the store again. */
    public static final long STORE_ERROR_BACKOFF_MILLIS = 1000;
    /** How often a busy entry's use is reported to the eviction policy (see {@link #cached(KeyDigest, long)}). */
    static final long ACCESS_RECORD_INTERVAL_MILLIS = 1000;

    private static final AtomicIntegerFieldUpdater<Found> RELOADING =
            AtomicIntegerFieldUpdater.newUpdater(Found.class, "reloading");
    private static final Unknown UNKNOWN = new Unknown();
    private static final Unavailable UNAVAILABLE = new Unavailable();

    private final ApiKeyStore store;
    private final Clock clock;
    private final EngineMetrics metrics;
    private final long ttlMillis;
    private final Cache<KeyDigest, Found> positive;
    private final Policy<KeyDigest, Found> positivePolicy;
    /** The positive cache's statistics, also counted by {@link #cached(KeyDigest, long)} for its quiet reads. */
    private final StatsCounter stats = new ConcurrentStatsCounter();
    private final Cache<KeyDigest, Boolean> negative;
    /**
     * Key id → digest of every key loaded, for the token path (a token names its key by id): bounded like the positive
     * cache. It never answers on its own: the digest's positive entry does, so an eviction by digest (revocation, here
     * or broadcast from another node) also ends the key's tokens at once.
     */
    private final Cache<String, KeyDigest> digestById;
    private final AtomicLong generation = new AtomicLong();
    /** Weak: an interned string lives only while some cached key uses it. */
    private final Interner<String> interner = Interner.newWeakInterner();
    /** After a store error, lookups are not retried until then (a racy volatile is fine: it is a hint). */
    private volatile long storeDownUntilMillis;

    KeyResolver(ApiKeyStore store, Clock clock, EngineMetrics metrics, long maxSize, Duration ttl,
                Duration staleIfError, long negativeMaxSize, Duration negativeTtl) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.ttlMillis = ttl.toMillis();
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        // maintenance (draining the read buffer, eviction) runs on the request thread that triggers it, a few
        // entries at a time, instead of as a task for ForkJoinPool.commonPool: under load that hand-off woke a pool
        // thread thousands of times a second (measured: ~3% of the server's CPU, see bench/FINDINGS.md)
        this.positive = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(maxSize)
                .expireAfterWrite(ttl.plus(staleIfError))
                .ticker(ticker)
                .recordStats(() -> stats)
                .build();
        this.positivePolicy = positive.policy();
        this.negative = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(negativeMaxSize)
                .expireAfterWrite(negativeTtl)
                .ticker(ticker)
                .build();
        this.digestById = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(maxSize)
                .expireAfterWrite(ttl.plus(staleIfError))
                .ticker(ticker)
                .build();
    }

    /**
     * The key with this id, for a verified token: through the id index and the positive cache when this node holds the
     * key (the same TTL, reload and stale-if-error as by digest), else one {@code findById} and the key is cached under
     * its digest. Unknown ids are not cached negatively: only genuine tokens get here.
     */
    Resolution resolveById(String keyId, long now) {
        KeyDigest digest = digestById.getIfPresent(keyId);
        if (digest != null) {
            return resolve(digest, cached(digest, now), now);
        }
        if (now < storeDownUntilMillis) {
            return UNAVAILABLE;
        }
        long generationBefore = generation.get();
        long started = System.nanoTime();
        Optional<ApiKey> loaded;
        try {
            loaded = store.findById(keyId);
        } catch (RuntimeException e) {
            if (!(e instanceof StoreUnavailableException)) {
                metrics.backendError(Meters.COMPONENT_STORE, e);
            }
            metrics.storeLookup(Meters.LOOKUP_ERROR, System.nanoTime() - started);
            storeDownUntilMillis = clock.millis() + STORE_ERROR_BACKOFF_MILLIS;
            return UNAVAILABLE;
        }
        metrics.storeLookup(loaded.isPresent() ? Meters.LOOKUP_FOUND : Meters.LOOKUP_NOT_FOUND,
                System.nanoTime() - started);
        if (loaded.isEmpty() || !keyId.equals(loaded.get().id())) {
            return UNKNOWN;
        }
        KeyDigest loadedDigest;
        try {
            loadedDigest = KeyDigest.fromHex(loaded.get().hash());
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
        Found found = new Found(compact(loaded.get()), false, now);
        positive.put(loadedDigest, found);
        digestById.put(keyId, loadedDigest);
        if (generation.get() != generationBefore) {
            positive.invalidate(loadedDigest);
        }
        return found;
    }

    /** The positive cache, for metrics binding. */
    Cache<KeyDigest, ?> cache() {
        return positive;
    }

    /** Resolves a hex SHA-256 (for callers that have the hex form). */
    Resolution resolve(String hash) {
        return resolve(KeyDigest.fromHex(hash));
    }

    Resolution resolve(KeyDigest digest) {
        return resolve(digest, positive.getIfPresent(digest));
    }

    /**
     * The entry this node holds for the digest, fresh or not, without touching the store: a key it has verified
     * before. The failed-authentication limit lets such keys through (contract §2 step 4).
     */
    Found cached(KeyDigest digest) {
        return cached(digest, clock.millis());
    }

    /**
     * The same, at {@code now} (the caller's reading of this resolver's clock). Counts a hit or a miss in the
     * cache's statistics, as {@code getIfPresent} does, but reports the entry's use to the eviction policy at most
     * once per {@link #ACCESS_RECORD_INTERVAL_MILLIS}: a recorded read costs a slot in Caffeine's read buffer and,
     * every few reads, draining it into the policy, which for a busy key was most of the lookup's cost once the
     * cache is more than half full. Which of 100,000 keys was least recently used does not need finer than a
     * second.
     */
    Found cached(KeyDigest digest, long now) {
        Found found = positivePolicy.getIfPresentQuietly(digest);
        if (found == null) {
            stats.recordMisses(1);
            return null;
        }
        stats.recordHits(1);
        if (now - found.accessRecordedAtMillis >= ACCESS_RECORD_INTERVAL_MILLIS) {
            found.accessRecordedAtMillis = now;
            positive.asMap().get(digest); // records the use for the eviction policy, not in the statistics
        }
        return found;
    }

    /** Resolves, continuing from {@code cached}, the result of {@link #cached} for this digest (may be null). */
    Resolution resolve(KeyDigest digest, Found cached) {
        return resolve(digest, cached, clock.millis());
    }

    /** The same, at {@code now} (the caller's reading of this resolver's clock). */
    Resolution resolve(KeyDigest digest, Found cached, long now) {
        if (cached != null && now - cached.loadedAtMillis < ttlMillis) {
            return cached;
        }
        if (cached != null && !RELOADING.compareAndSet(cached, 0, 1)) {
            // another request is reloading this key right now: answer from the entry it is about to replace, so
            // a busy key costs one store lookup per TTL, not one per request in flight at the moment it expired
            return cached;
        }
        if (cached == null && negative.getIfPresent(digest) != null) {
            return UNKNOWN;
        }
        if (now < storeDownUntilMillis) {
            // the store failed moments ago: answer at once instead of making every request wait for its timeout
            return unavailable(cached);
        }
        long generationBefore = generation.get();
        long started = System.nanoTime();
        String hash = digest.hex();
        Optional<ApiKey> loaded;
        try {
            loaded = store.findByHash(hash);
        } catch (RuntimeException e) {
            // any store failure is "unavailable": never cached, never reported as unknown; one that is not an
            // outage is a bug somewhere, and must be visible
            if (!(e instanceof StoreUnavailableException)) {
                metrics.backendError(Meters.COMPONENT_STORE, e);
            }
            metrics.storeLookup(Meters.LOOKUP_ERROR, System.nanoTime() - started);
            storeDownUntilMillis = clock.millis() + STORE_ERROR_BACKOFF_MILLIS;
            if (cached != null) {
                RELOADING.set(cached, 0);
            }
            return unavailable(cached);
        }
        metrics.storeLookup(loaded.isPresent() ? Meters.LOOKUP_FOUND : Meters.LOOKUP_NOT_FOUND,
                System.nanoTime() - started);
        if (loaded.isPresent() && KeyFormat.digestsEqual(hash, loaded.get().hash())) {
            Found found = new Found(compact(loaded.get()), false, now);
            positive.put(digest, found);
            digestById.put(found.key.id(), digest);
            // put first, then check: an eviction that raced with this load is either seen here or runs after
            // the put (keyChanged bumps the generation before it invalidates), so a stale state never stays
            if (generation.get() != generationBefore) {
                positive.invalidate(digest);
            }
            return found;
        }
        positive.invalidate(digest);
        negative.put(digest, Boolean.TRUE);
        if (generation.get() != generationBefore) {
            negative.invalidate(digest);
        }
        return UNKNOWN;
    }

    /** The cache's lean copy; the few low-cardinality strings (organization, team, plan, restriction type) interned. */
    private VerifiedKey compact(ApiKey key) {
        Restriction restriction = key.restriction() == null ? null
                : new Restriction(interner.intern(key.restriction().type()), key.restriction().id());
        String organization = interner.intern(key.organizationId());
        return new VerifiedKey(key.id(), key.name(), organization,
                interner.intern(VerifiedKey.ORGANIZATION_BUCKET_PREFIX + organization), intern(key.teamId()),
                key.owner(), key.environment(), key.effectivePermissions(), restriction, intern(key.plan()),
                key.rateLimit(), key.expiresAt() == null ? Long.MAX_VALUE : key.expiresAt().toEpochMilli(),
                key.revokedAt() != null);
    }

    private String intern(String value) {
        return value == null ? null : interner.intern(value);
    }

    private Resolution unavailable(Found cached) {
        if (cached != null) {
            metrics.staleServed();
            return new Found(cached.key, true, cached.loadedAtMillis);
        }
        return UNAVAILABLE;
    }

    @Override
    public void keyChanged(String keyHash) {
        KeyDigest digest;
        try {
            digest = KeyDigest.fromHex(keyHash);
        } catch (IllegalArgumentException e) {
            return;
        }
        generation.incrementAndGet();
        positive.invalidate(digest);
        negative.invalidate(digest);
    }

    void invalidateAll() {
        generation.incrementAndGet();
        positive.invalidateAll();
        negative.invalidateAll();
        digestById.invalidateAll();
    }
}
