package io.keygate.verify;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.metrics.Meters;
import io.keygate.service.ApiKeyService;
import io.keygate.service.NewKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.StoreUnavailableException;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyResolverTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration STALE_IF_ERROR = Duration.ofSeconds(300);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.at(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EngineMetrics metrics = new EngineMetrics(registry, clock, s -> s);
    private final InMemoryApiKeyStore memory = new InMemoryApiKeyStore();
    private final ScriptedStore store = new ScriptedStore(memory);
    private final ApiKeyService service = new ApiKeyService(store, KeyFormat.standard(), clock, null);
    private final KeyResolver resolver = new KeyResolver(store, clock, metrics, 1000, TTL, STALE_IF_ERROR, 1000,
            NEGATIVE_TTL);

    @AfterEach
    void tearDown() {
        store.release.countDown();
        metrics.close();
    }

    @Test
    void resolveWhenFoundOnceThenLaterLookupsHitTheCache() {
        ApiKey key = createKey();

        KeyResolver.Resolution first = resolver.resolve(key.hash());
        clock.advance(Duration.ofSeconds(59));
        KeyResolver.Resolution second = resolver.resolve(key.hash());

        assertFound(first, key, false);
        assertFound(second, key, false);
        assertThat(store.lookups.get()).isEqualTo(1);
    }

    @Test
    void resolveWhenTtlPassedThenReloadsFromStore() {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        memory.revoke(key.id(), T0.plusSeconds(1)); // behind the cache's back: no keyChanged

        assertThat(resolver.resolve(key.hash())).isInstanceOfSatisfying(KeyResolver.Found.class,
                f -> assertThat(f.key().revoked()).isFalse());
        clock.advance(TTL);

        assertThat(resolver.resolve(key.hash())).isInstanceOfSatisfying(KeyResolver.Found.class, f -> {
            assertThat(f.key().revoked()).isTrue();
            assertThat(f.stale()).isFalse();
        });
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void resolveWhenUnknownThenNegativelyCachedUntilNegativeTtlPasses() {
        String hash = KeyFormat.sha256Hex(KeyFormat.standard().generate(Environment.LIVE).plaintext());

        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);
        clock.advance(NEGATIVE_TTL.minusMillis(1));
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);
        assertThat(store.lookups.get()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void resolveWhenStoreFailsThenUnavailableAndNotCachedAsUnknown() {
        ApiKey key = createKey();
        store.failing = true;

        assertThat(resolver.resolve(key.hash())).isInstanceOf(KeyResolver.Unavailable.class);
        assertThat(resolver.resolve(key.hash())).isInstanceOf(KeyResolver.Unavailable.class);
        // within the back-off after an error the store is not asked again
        assertThat(store.lookups.get()).isEqualTo(1);
        clock.advance(java.time.Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        assertThat(resolver.resolve(key.hash())).isInstanceOf(KeyResolver.Unavailable.class);
        assertThat(store.lookups.get()).isEqualTo(2);

        store.failing = false;
        clock.advance(java.time.Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        assertFound(resolver.resolve(key.hash()), key, false);
        assertThat(store.lookups.get()).isEqualTo(3);
    }

    @Test
    void resolveWhenStoreFailsForUnknownHashThenNextLookupAsksTheStoreAgain() {
        String hash = KeyFormat.sha256Hex(KeyFormat.standard().generate(Environment.LIVE).plaintext());
        store.failing = true;
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unavailable.class);

        store.failing = false;
        clock.advance(java.time.Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void resolveWhenStoreFailsAfterTtlThenVerifiedKeyServedStaleUntilStaleWindowEnds() {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        store.failing = true;

        // within the TTL the store is not asked at all
        clock.advance(TTL.minusMillis(1));
        assertFound(resolver.resolve(key.hash()), key, false);
        assertThat(store.lookups.get()).isEqualTo(1);

        clock.set(T0.plus(TTL));
        assertFound(resolver.resolve(key.hash()), key, true);
        clock.set(T0.plus(TTL).plus(STALE_IF_ERROR).minusMillis(1));
        assertFound(resolver.resolve(key.hash()), key, true);

        clock.set(T0.plus(TTL).plus(STALE_IF_ERROR).plusMillis(1));
        assertThat(resolver.resolve(key.hash())).isInstanceOf(KeyResolver.Unavailable.class);
        assertThat(registry.get(Meters.STALE_SERVED).counter().count()).isEqualTo(2.0);
    }

    @Test
    void resolveWhenStoreRecoversDuringStaleWindowThenFreshStateReplacesStaleOne() {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        store.failing = true;
        clock.advance(TTL.plusSeconds(5));
        assertFound(resolver.resolve(key.hash()), key, true);

        store.failing = false;
        clock.advance(java.time.Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        assertFound(resolver.resolve(key.hash()), key, false);
        // freshly loaded: served from the cache again for a whole TTL even if the store fails anew
        store.failing = true;
        clock.advance(TTL.minusMillis(1));
        assertFound(resolver.resolve(key.hash()), key, false);
    }

    @Test
    void resolveWhenStaleIfErrorZeroThenStoreFailureAfterTtlIsUnavailable() {
        KeyResolver strict = new KeyResolver(store, clock, metrics, 1000, TTL, Duration.ZERO, 1000, NEGATIVE_TTL);
        ApiKey key = createKey();
        strict.resolve(key.hash());
        store.failing = true;
        clock.advance(TTL);

        assertThat(strict.resolve(key.hash())).isInstanceOf(KeyResolver.Unavailable.class);
    }

    @Test
    void keyChangedWhenKeyRevokedThenNextLookupGoesToStoreAndSeesRevocation() {
        ApiKey key = createKey();
        service.addListener(resolver);
        resolver.resolve(key.hash());

        service.revoke(key.id());

        assertThat(resolver.resolve(key.hash())).isInstanceOfSatisfying(KeyResolver.Found.class,
                f -> assertThat(f.key().revoked()).isTrue());
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void keyChangedWhenHashNegativelyCachedThenNextLookupGoesToStore() {
        String plaintext = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        String hash = KeyFormat.sha256Hex(plaintext);
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);
        service.importKey(NewKey.builder("acme", Owner.user("u1")).build(), plaintext);
        assertThat(resolver.resolve(hash)).isInstanceOf(KeyResolver.Unknown.class);

        resolver.keyChanged(hash);

        assertThat(resolver.resolve(hash)).isInstanceOfSatisfying(KeyResolver.Found.class,
                f -> assertThat(f.key().id()).isEqualTo(store.findByHash(hash).orElseThrow().id()));
        assertThat(store.lookups.get()).isEqualTo(3);
    }

    @Test
    void resolveWhenRevokedWhileLoadInFlightThenOldStateNotLeftInCache() throws Exception {
        ApiKey key = createKey();
        service.addListener(resolver);
        store.blockNextLookup = true;

        // a request starts loading the key; the store has answered "active" but the answer is still in flight
        CompletableFuture<KeyResolver.Resolution> inFlight =
                CompletableFuture.supplyAsync(() -> resolver.resolve(key.hash()));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();

        service.revoke(key.id());
        store.release.countDown();

        // the request already in flight may still see the old state; nobody after it may
        assertThat(inFlight.get(5, TimeUnit.SECONDS)).isInstanceOf(KeyResolver.Found.class);
        KeyResolver.Resolution next = resolver.resolve(key.hash());
        assertThat(store.lookups.get()).isEqualTo(2);
        assertThat(next).isInstanceOfSatisfying(KeyResolver.Found.class,
                f -> assertThat(f.key().revoked()).isTrue());
    }

    @Test
    void resolveWhenTtlPassedAndAnotherRequestReloadsThenAnswersFromTheEntryWithoutAStoreCall() throws Exception {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        clock.advance(TTL);
        store.blockNextLookup = true;

        // one request reloads the expired entry; the store has answered but the answer is still in flight
        CompletableFuture<KeyResolver.Resolution> reloading =
                CompletableFuture.supplyAsync(() -> resolver.resolve(key.hash()));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();

        // meanwhile other requests for the same key are answered from the entry, without a store call
        for (int i = 0; i < 10; i++) {
            assertFound(resolver.resolve(key.hash()), key, false);
        }
        assertThat(store.lookups.get()).isEqualTo(2);
        store.release.countDown();
        assertFound(reloading.get(5, TimeUnit.SECONDS), key, false);

        // the reloaded entry is fresh for a whole TTL again
        clock.advance(TTL.minusMillis(1));
        resolver.resolve(key.hash());
        assertThat(store.lookups.get()).isEqualTo(2);
    }

    @Test
    void resolveWhenReloadFailedThenTheNextReloadIsNotBlockedByIt() {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        clock.advance(TTL);
        store.failing = true;
        assertFound(resolver.resolve(key.hash()), key, true);
        store.failing = false;
        clock.advance(Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        assertFound(resolver.resolve(key.hash()), key, false);
        assertThat(store.lookups.get()).isEqualTo(3);
    }

    @Test
    void resolveWhenStoreReturnsKeyWithOtherHashThenUnknown() {
        ApiKey other = createKey();
        ApiKeyStore lying = new ScriptedStore(memory) {
            @Override
            public Optional<ApiKey> findByHash(String hash) {
                lookups.incrementAndGet();
                return Optional.of(other);
            }
        };
        KeyResolver r = new KeyResolver(lying, clock, metrics, 1000, TTL, STALE_IF_ERROR, 1000, NEGATIVE_TTL);

        assertThat(r.resolve("0".repeat(64))).isInstanceOf(KeyResolver.Unknown.class);
    }

    @Test
    void resolveWhenManyDistinctKeysThenCacheStaysWithinMaxSize() {
        KeyResolver small = new KeyResolver(store, clock, metrics, 10, TTL, STALE_IF_ERROR, 10, NEGATIVE_TTL);
        for (int i = 0; i < 200; i++) {
            small.resolve(createKey().hash());
        }
        small.cache().cleanUp();
        assertThat(small.cache().estimatedSize()).isLessThanOrEqualTo(10);
    }

    @Test
    void resolveWhenLookupsHappenThenTimerCountsEachResult() {
        ApiKey key = createKey();
        resolver.resolve(key.hash());
        resolver.resolve(key.hash()); // cache hit: not a lookup
        resolver.resolve("a".repeat(64));
        resolver.resolve("a".repeat(64)); // negative hit: not a lookup
        store.failing = true;
        resolver.resolve("b".repeat(64));
        clock.advance(java.time.Duration.ofMillis(KeyResolver.STORE_ERROR_BACKOFF_MILLIS));
        resolver.resolve("b".repeat(64));
        resolver.resolve("b".repeat(64)); // within the back-off: not a lookup

        assertThat(lookupCount(Meters.LOOKUP_FOUND)).isEqualTo(1);
        assertThat(lookupCount(Meters.LOOKUP_NOT_FOUND)).isEqualTo(1);
        assertThat(lookupCount(Meters.LOOKUP_ERROR)).isEqualTo(2);
    }

    private long lookupCount(String result) {
        return registry.get(Meters.STORE_LOOKUPS).tag("result", result).timer().count();
    }

    private ApiKey createKey() {
        return service.create(NewKey.builder("acme", Owner.user("u1")).build()).key();
    }

    /**
     * Delegates to a real store; counts lookups by hash, can fail every lookup, and can hold one lookup after the
     * store answered (so the answer is in flight while the test changes the key).
     */
    static class ScriptedStore extends io.keygate.store.ForwardingApiKeyStore {
        final AtomicInteger lookups = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean failing;
        volatile boolean blockNextLookup;
        ScriptedStore(ApiKeyStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            lookups.incrementAndGet();
            if (failing) {
                throw new StoreUnavailableException("database down");
            }
            Optional<ApiKey> answer = delegate().findByHash(hash);
            if (blockNextLookup) {
                blockNextLookup = false;
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }
    }

    /** The cache keeps a lean copy of the key: same identity, grants and state. */
    private static void assertFound(KeyResolver.Resolution resolution, ApiKey key, boolean stale) {
        assertThat(resolution).isInstanceOf(KeyResolver.Found.class);
        KeyResolver.Found found = (KeyResolver.Found) resolution;
        assertThat(found.stale()).isEqualTo(stale);
        VerifiedKey cached = found.key();
        assertThat(cached.id()).isEqualTo(key.id());
        assertThat(cached.name()).isEqualTo(key.name());
        assertThat(cached.organizationId()).isEqualTo(key.organizationId());
        assertThat(cached.teamId()).isEqualTo(key.teamId());
        assertThat(cached.owner()).isEqualTo(key.owner());
        assertThat(cached.environment()).isEqualTo(key.environment());
        assertThat(cached.permissions()).isEqualTo(key.effectivePermissions());
        assertThat(cached.restriction()).isEqualTo(key.restriction());
        assertThat(cached.plan()).isEqualTo(key.plan());
        assertThat(cached.rateLimit()).isEqualTo(key.rateLimit());
        assertThat(cached.expiresAtMillis())
                .isEqualTo(key.expiresAt() == null ? Long.MAX_VALUE : key.expiresAt().toEpochMilli());
        assertThat(cached.revoked()).isEqualTo(key.revokedAt() != null);
    }
}
