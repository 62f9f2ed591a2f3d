package io.keygate.store;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ApiKeyStore} promises, run against each implementation (in-memory, H2, PostgreSQL,
 * MariaDB). A subclass returns a fresh, empty store from {@link #newStore()} before each test.
 *
 * <p>Times are whole milliseconds: that is the precision the key service writes and the SQL stores keep.
 */
public abstract class ApiKeyStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected static final KeyFormat FORMAT = KeyFormat.standard();
    private static final int THREADS = 32;

    private final AtomicInteger sequence = new AtomicInteger();
    protected ApiKeyStore store;

    /** A store holding no keys, ready for one test. */
    protected abstract ApiKeyStore newStore();

    /** Keys each of the 32 threads creates in the concurrency test; SQL stores may lower it to keep runs short. */
    protected int keysPerThread() {
        return 20;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    // ---- fixtures ----

    protected ApiKey key(String id, String organizationId, String name, Instant createdAt) {
        GeneratedKey generated = FORMAT.generate(Environment.LIVE);
        return new ApiKey(id, generated.hash(), generated.prefix(), generated.start4(), generated.end4(), name,
                organizationId, null, Owner.user("user_1"), Environment.LIVE, EnumSet.of(Permission.READ), null, null,
                null, createdAt, null, null, null, null);
    }

    protected ApiKey key(String organizationId, String name) {
        return key(nextId(), organizationId, name, T0.plusMillis(sequence.get()));
    }

    protected String nextId() {
        return "key_c" + sequence.incrementAndGet();
    }

    /** A key with every optional attribute set, so a round trip shows each column is mapped. */
    protected ApiKey fullKey() {
        GeneratedKey generated = FORMAT.generate(Environment.TEST);
        return new ApiKey(nextId(), generated.hash(), generated.prefix(), generated.start4(), generated.end4(),
                "Production ingest – ünïcode", "org_acme", "team_7", Owner.serviceAccount("sa_ci"), Environment.TEST,
                EnumSet.of(Permission.READ, Permission.WRITE, Permission.ADMIN), new Restriction("workflow", "wf_echo"),
                "pro", new Limit(120, 60), T0.plusMillis(123), T0.plus(Duration.ofDays(30)).plusMillis(7), null,
                T0.plusSeconds(5).plusMillis(999), "key_previous");
    }

    // ---- insert and lookup ----

    @Test
    void insertThenFindByHashAndByIdReturnTheSameKeyWithEveryAttribute() {
        ApiKey key = fullKey();

        store.insert(key);

        assertThat(store.findByHash(key.hash())).contains(key);
        assertThat(store.findById(key.id())).contains(key);
    }

    @Test
    void insertWhenOptionalAttributesAbsentThenRoundTripsWithNullsAndEmptyName() {
        ApiKey key = key(nextId(), "org_a", "", T0);

        store.insert(key);

        ApiKey found = store.findById(key.id()).orElseThrow();
        assertThat(found).isEqualTo(key);
        assertThat(found.name()).isEmpty();
        assertThat(found.teamId()).isNull();
        assertThat(found.restriction()).isNull();
        assertThat(found.rateLimit()).isNull();
        assertThat(found.expiresAt()).isNull();
        assertThat(found.lastUsedAt()).isNull();
    }

    @Test
    void findByHashWhenKeyExpiredThenStillReturnedWithItsExpiry() {
        ApiKey base = key("org_a", "expired");
        ApiKey expired = base.withExpiresAt(T0.minusSeconds(1));
        store.insert(expired);

        ApiKey found = store.findByHash(expired.hash()).orElseThrow();

        assertThat(found.expiresAt()).isEqualTo(T0.minusSeconds(1));
        assertThat(found.statusAt(T0)).isEqualTo(ApiKey.Status.EXPIRED);
    }

    @Test
    void findWhenUnknownHashOrIdThenEmpty() {
        store.insert(key("org_a", "a"));

        assertThat(store.findByHash(KeyFormat.sha256Hex("sk_live_unknown"))).isEmpty();
        assertThat(store.findById("key_unknown")).isEmpty();
    }

    @Test
    void insertWhenIdTakenThenDuplicateKeyExceptionAndFirstKeyKept() {
        ApiKey first = key("org_a", "first");
        store.insert(first);
        ApiKey sameId = key(first.id(), "org_b", "second", T0);

        assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findById(first.id())).contains(first);
        assertThat(store.findByHash(sameId.hash())).isEmpty();
    }

    @Test
    void insertWhenHashTakenThenDuplicateKeyExceptionAndFirstKeyKept() {
        ApiKey first = key("org_a", "first");
        store.insert(first);
        ApiKey sameHash = new ApiKey(nextId(), first.hash(), first.prefix(), first.start4(), first.end4(), "second",
                "org_b", null, Owner.user("user_2"), Environment.LIVE, Set.of(Permission.READ), null, null, null, T0,
                null, null, null, null);

        assertThatThrownBy(() -> store.insert(sameHash)).isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findByHash(first.hash())).contains(first);
        assertThat(store.findById(sameHash.id())).isEmpty();
    }

    // ---- revoke ----

    @Test
    void revokeWhenActiveThenTrueAndVisibleAtOnceByIdAndHash() {
        ApiKey key = key("org_a", "a");
        store.insert(key);
        Instant at = T0.plusSeconds(60);

        assertThat(store.revoke(key.id(), at)).isTrue();

        assertThat(store.findById(key.id()).orElseThrow().revokedAt()).isEqualTo(at);
        assertThat(store.findByHash(key.hash()).orElseThrow().statusAt(at)).isEqualTo(ApiKey.Status.REVOKED);
    }

    @Test
    void revokeWhenAlreadyRevokedThenFalseAndRevokedAtUnchanged() {
        ApiKey key = key("org_a", "a");
        store.insert(key);
        Instant first = T0.plusSeconds(60);
        store.revoke(key.id(), first);

        assertThat(store.revoke(key.id(), T0.plusSeconds(120))).isFalse();

        assertThat(store.findById(key.id()).orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void revokeWhenUnknownIdThenFalse() {
        assertThat(store.revoke("key_missing", T0)).isFalse();
    }

    @Test
    void revokeWhenOtherKeysExistThenOnlyTheNamedKeyChanges() {
        ApiKey target = key("org_a", "target");
        ApiKey bystander = key("org_a", "bystander");
        store.insert(target);
        store.insert(bystander);

        store.revoke(target.id(), T0.plusSeconds(1));

        assertThat(store.findById(bystander.id())).contains(bystander);
    }

    // ---- rotate ----

    @Test
    void rotateWithoutGraceThenReplacementStoredAndOldRevoked() {
        ApiKey old = fullKey();
        store.insert(old);
        ApiKey replacement = replacementFor(old);
        Instant now = T0.plusSeconds(3600);

        assertThat(store.rotate(replacement, old.id(), now, null)).isTrue();

        assertThat(store.findByHash(replacement.hash())).contains(replacement);
        ApiKey oldAfter = store.findById(old.id()).orElseThrow();
        assertThat(oldAfter.revokedAt()).isEqualTo(now);
        assertThat(oldAfter.expiresAt()).isEqualTo(old.expiresAt());
    }

    @Test
    void rotateWithGraceThenReplacementStoredAndOldExpiresButStaysUnrevoked() {
        ApiKey old = key("org_a", "rotating");
        store.insert(old);
        ApiKey replacement = replacementFor(old);
        Instant graceEnd = T0.plusSeconds(3600 + 300);

        assertThat(store.rotate(replacement, old.id(), null, graceEnd)).isTrue();

        ApiKey oldAfter = store.findById(old.id()).orElseThrow();
        assertThat(oldAfter.revokedAt()).isNull();
        assertThat(oldAfter.expiresAt()).isEqualTo(graceEnd);
        assertThat(oldAfter.statusAt(graceEnd.minusMillis(1))).isEqualTo(ApiKey.Status.ACTIVE);
        assertThat(oldAfter.statusAt(graceEnd)).isEqualTo(ApiKey.Status.EXPIRED);
        assertThat(store.findById(replacement.id())).contains(replacement);
    }

    @Test
    void rotateWhenOldKeyRevokedThenFalseAndNothingChanges() {
        ApiKey old = key("org_a", "gone");
        store.insert(old);
        Instant revokedAt = T0.plusSeconds(10);
        store.revoke(old.id(), revokedAt);
        ApiKey replacement = replacementFor(old);

        assertThat(store.rotate(replacement, old.id(), T0.plusSeconds(20), null)).isFalse();
        assertThat(store.rotate(replacement, old.id(), null, T0.plusSeconds(20))).isFalse();

        assertThat(store.findByHash(replacement.hash())).isEmpty();
        assertThat(store.findById(replacement.id())).isEmpty();
        ApiKey oldAfter = store.findById(old.id()).orElseThrow();
        assertThat(oldAfter.revokedAt()).isEqualTo(revokedAt);
        assertThat(oldAfter.expiresAt()).isNull();
    }

    @Test
    void rotateWhenOldKeyMissingThenFalseAndReplacementNotInserted() {
        ApiKey replacement = key("org_a", "orphan");

        assertThat(store.rotate(replacement, "key_missing", T0, null)).isFalse();

        assertThat(store.findById(replacement.id())).isEmpty();
    }

    @Test
    void rotateWhenReplacementCollidesThenDuplicateKeyExceptionAndOldKeyUntouched() {
        ApiKey old = key("org_a", "old");
        ApiKey other = key("org_a", "other");
        store.insert(old);
        store.insert(other);
        ApiKey collidingReplacement = key(other.id(), "org_a", "replacement", T0.plusSeconds(1));

        assertThatThrownBy(() -> store.rotate(collidingReplacement, old.id(), T0.plusSeconds(1), null))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findById(old.id())).contains(old);
        assertThat(store.findById(other.id())).contains(other);
    }

    private ApiKey replacementFor(ApiKey old) {
        GeneratedKey generated = FORMAT.generate(old.environment());
        return new ApiKey(nextId(), generated.hash(), generated.prefix(), generated.start4(), generated.end4(),
                old.name(), old.organizationId(), old.teamId(), old.owner(), old.environment(), old.permissions(),
                old.restriction(), old.plan(), old.rateLimit(), T0.plusSeconds(3600), old.expiresAt(), null, null,
                old.id());
    }

    // ---- search ----

    @Test
    void searchWhenOrganizationGivenThenOnlyThatOrganizationsKeys() {
        ApiKey a1 = key("org_a", "one");
        ApiKey b1 = key("org_b", "two");
        ApiKey a2 = key("org_a", "three");
        store.insert(a1);
        store.insert(b1);
        store.insert(a2);

        Page<ApiKey> page = store.search(new KeyQuery("org_a", null, 1, 20));

        assertThat(page.items()).containsExactly(a2, a1);
        assertThat(page.total()).isEqualTo(2);
        assertThat(store.search(new KeyQuery(null, null, 1, 20)).total()).isEqualTo(3);
        assertThat(store.search(new KeyQuery("org_missing", null, 1, 20)).items()).isEmpty();
    }

    @Test
    void searchWhenOrganizationDiffersOnlyInCaseThenNotMatched() {
        store.insert(key("org_a", "one"));

        assertThat(store.search(new KeyQuery("ORG_A", null, 1, 20)).total()).isZero();
    }

    @Test
    void searchWhenNameSubstringGivenThenMatchesIgnoringCase() {
        ApiKey prod = key("org_a", "Production ingest");
        ApiKey myProd = key("org_a", "my PROD key");
        ApiKey staging = key("org_a", "staging");
        store.insert(prod);
        store.insert(myProd);
        store.insert(staging);

        Page<ApiKey> page = store.search(new KeyQuery(null, "pRoD", 1, 20));

        assertThat(page.items()).containsExactly(myProd, prod);
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void searchWhenNameContainsLikeWildcardsThenTheyMatchLiterally() {
        ApiKey percent = key("org_a", "100% done");
        ApiKey plain = key("org_a", "100 done");
        ApiKey underscore = key("org_a", "a_b");
        ApiKey letter = key("org_a", "axb");
        ApiKey backslash = key("org_a", "c\\d");
        ApiKey bang = key("org_a", "hey!");
        store.insert(percent);
        store.insert(plain);
        store.insert(underscore);
        store.insert(letter);
        store.insert(backslash);
        store.insert(bang);

        assertThat(store.search(new KeyQuery(null, "%", 1, 20)).items()).containsExactly(percent);
        assertThat(store.search(new KeyQuery(null, "_", 1, 20)).items()).containsExactly(underscore);
        assertThat(store.search(new KeyQuery(null, "\\", 1, 20)).items()).containsExactly(backslash);
        assertThat(store.search(new KeyQuery(null, "!", 1, 20)).items()).containsExactly(bang);
        assertThat(store.search(new KeyQuery(null, "0 d", 1, 20)).items()).containsExactly(plain);
    }

    @Test
    void searchWhenCreatedAtTiesThenNewestFirstAndTiesByIdAscending() {
        Instant tie = T0.plusSeconds(100);
        ApiKey older = key("key_0older", "org_a", "x", T0);
        ApiKey tieA = key("key_a", "org_a", "x", tie);
        ApiKey tieUpperB = key("key_B", "org_a", "x", tie);
        ApiKey tieC = key("key_c", "org_a", "x", tie);
        ApiKey newest = key("key_zz", "org_a", "x", tie.plusMillis(1));
        for (ApiKey k : List.of(tieC, older, newest, tieA, tieUpperB)) {
            store.insert(k);
        }

        Page<ApiKey> page = store.search(new KeyQuery("org_a", null, 1, 20));

        // ids compare as Java strings (code points): upper case sorts before lower case
        assertThat(page.items()).containsExactly(newest, tieUpperB, tieA, tieC, older);
    }

    @Test
    void searchWhenPagedThenPagesPartitionTheOrderedMatchesWithTotal() {
        List<ApiKey> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ApiKey k = key("key_p" + (100 + i), "org_a", "key " + i, T0.plusSeconds(i / 2));
            all.add(k);
            store.insert(k);
        }
        store.insert(key("org_b", "elsewhere"));
        List<ApiKey> expected = new ArrayList<>(all);
        expected.sort(InMemoryApiKeyStore.NEWEST_FIRST);

        Page<ApiKey> first = store.search(new KeyQuery("org_a", null, 1, 10));
        Page<ApiKey> second = store.search(new KeyQuery("org_a", null, 2, 10));
        Page<ApiKey> last = store.search(new KeyQuery("org_a", null, 3, 10));

        assertThat(first.items()).containsExactlyElementsOf(expected.subList(0, 10));
        assertThat(second.items()).containsExactlyElementsOf(expected.subList(10, 20));
        assertThat(last.items()).containsExactlyElementsOf(expected.subList(20, 23));
        assertThat(List.of(first.total(), second.total(), last.total())).containsOnly(23L);
        assertThat(first.page()).isEqualTo(1);
        assertThat(first.size()).isEqualTo(10);
        assertThat(last.page()).isEqualTo(3);
    }

    @Test
    void searchWhenPageBeyondLastThenEmptyItemsWithTotal() {
        store.insert(key("org_a", "one"));
        store.insert(key("org_a", "two"));

        Page<ApiKey> beyond = store.search(new KeyQuery("org_a", null, 2, 2));
        Page<ApiKey> farBeyond = store.search(new KeyQuery("org_a", null, Integer.MAX_VALUE, KeyQuery.MAX_SIZE));

        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(2);
        assertThat(farBeyond.items()).isEmpty();
        assertThat(farBeyond.total()).isEqualTo(2);
    }

    @Test
    void searchWhenKeysRevokedThenStillListedWithTheirState() {
        ApiKey key = key("org_a", "history");
        store.insert(key);
        store.revoke(key.id(), T0.plusSeconds(9));

        Page<ApiKey> page = store.search(new KeyQuery("org_a", "hist", 1, 20));

        assertThat(page.items()).singleElement().satisfies(k -> assertThat(k.revokedAt()).isEqualTo(T0.plusSeconds(9)));
    }

    // ---- last used ----

    @Test
    void recordLastUsedWhenBatchGivenThenEveryKeyUpdated() {
        ApiKey a = key("org_a", "a");
        ApiKey b = key("org_a", "b");
        ApiKey untouched = key("org_a", "c");
        store.insert(a);
        store.insert(b);
        store.insert(untouched);

        store.recordLastUsed(Map.of(a.id(), T0.plusSeconds(10), b.id(), T0.plusSeconds(11)));

        assertThat(store.findById(a.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(store.findByHash(b.hash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(store.findById(untouched.id()).orElseThrow().lastUsedAt()).isNull();
    }

    @Test
    void recordLastUsedWhenOlderThanStoredThenNeverMovesBackwards() {
        ApiKey key = key("org_a", "a");
        store.insert(key);
        store.recordLastUsed(Map.of(key.id(), T0.plusSeconds(50)));

        store.recordLastUsed(Map.of(key.id(), T0.plusSeconds(40)));
        assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(50));

        store.recordLastUsed(Map.of(key.id(), T0.plusSeconds(60)));
        assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void recordLastUsedWhenIdsUnknownThenIgnoredAndKnownOnesStillWritten() {
        ApiKey key = key("org_a", "a");
        store.insert(key);
        Map<String, Instant> batch = new HashMap<>();
        batch.put("key_missing_1", T0.plusSeconds(1));
        batch.put(key.id(), T0.plusSeconds(2));
        batch.put("key_missing_2", T0.plusSeconds(3));

        store.recordLastUsed(batch);
        store.recordLastUsed(Map.of());

        assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.findById("key_missing_1")).isEmpty();
        assertThat(store.search(new KeyQuery(null, null, 1, 20)).total()).isEqualTo(1);
    }

    @Test
    void recordLastUsedWhenKeyRevokedThenStillRecordedAndRevocationKept() {
        ApiKey key = key("org_a", "a");
        store.insert(key);
        store.revoke(key.id(), T0.plusSeconds(5));

        store.recordLastUsed(Map.of(key.id(), T0.plusSeconds(4)));

        ApiKey after = store.findById(key.id()).orElseThrow();
        assertThat(after.lastUsedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(after.revokedAt()).isEqualTo(T0.plusSeconds(5));
    }

    // ---- concurrency ----

    @Test
    void concurrentCreateAndRevokeFrom32ThreadsThenNothingLost() throws Exception {
        int perThread = keysPerThread();
        ApiKey shared = key("org_shared", "shared");
        store.insert(shared);
        ConcurrentLinkedQueue<ApiKey> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> revokedIds = new ConcurrentLinkedQueue<>();
        AtomicInteger sharedRevocations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ApiKey k = key("key_t" + thread + "_" + i, "org_" + (thread % 4), "thread " + thread,
                                T0.plusMillis(thread * 1000L + i));
                        store.insert(k);
                        created.add(k);
                        if (i % 2 == 0) {
                            assertThat(store.revoke(k.id(), T0.plusSeconds(1_000))).isTrue();
                            revokedIds.add(k.id());
                        }
                    }
                    if (store.revoke(shared.id(), T0.plusSeconds(2_000 + thread))) {
                        sharedRevocations.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(created).hasSize(THREADS * perThread);
        assertThat(sharedRevocations.get()).isEqualTo(1);
        Set<String> revoked = Set.copyOf(revokedIds);
        for (ApiKey k : created) {
            ApiKey stored = store.findByHash(k.hash()).orElseThrow(() -> new AssertionError("lost " + k.id()));
            assertThat(stored.id()).isEqualTo(k.id());
            assertThat(stored.revokedAt() != null).as("revoked state of %s", k.id()).isEqualTo(revoked.contains(k.id()));
        }
        assertThat(store.search(new KeyQuery(null, null, 1, 1)).total()).isEqualTo(THREADS * perThread + 1L);
        assertThat(store.search(new KeyQuery("org_1", null, 1, 1)).total()).isEqualTo(THREADS / 4 * perThread);
    }

    @Test
    void concurrentRecordLastUsedFromManyThreadsThenLatestValueWins() throws Exception {
        ApiKey key = key("org_a", "busy");
        store.insert(key);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Instant> written = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        Instant at = T0.plusSeconds(thread * 10L + i);
                        store.recordLastUsed(Map.of(key.id(), at));
                        written.add(at);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Optional<Instant> max = written.stream().max(Instant::compareTo);
        assertThat(store.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(max.orElseThrow());
    }
}
