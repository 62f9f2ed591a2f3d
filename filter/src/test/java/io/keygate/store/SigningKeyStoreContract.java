package io.keygate.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link SigningKeyStore} promises, run against each implementation (in-memory, H2, PostgreSQL,
 * MariaDB). A subclass returns a fresh, empty store from {@link #newStore()} before each test, and may return a
 * second store on the same data from {@link #secondStore()} (another node).
 */
public abstract class SigningKeyStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int THREADS = 16;

    protected SigningKeyStore store;

    /** A store holding no signing keys, ready for one test. */
    protected abstract SigningKeyStore newStore();

    /** Another store on the same data, as a second node would have; by default the same instance. */
    protected SigningKeyStore secondStore() {
        return store;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    protected static StoredSigningKey key(String kid, long generation) {
        Instant activates = T0.plus(Duration.ofDays(30 * (generation - 1)));
        return new StoredSigningKey(kid, "ES256", generation,
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\"x\",\"y\":\"y\"}",
                ("sealed-" + kid).getBytes(StandardCharsets.UTF_8), activates.minus(Duration.ofHours(1)), activates,
                activates.plus(Duration.ofDays(30)));
    }

    @Test
    void findAllWhenEmptyThenNoKeys() {
        assertThat(store.findAll()).isEmpty();
    }

    @Test
    void insertIfAbsentWhenNewThenStoredWithEveryFieldIntact() {
        StoredSigningKey k = key("kid-one", 1);

        assertThat(store.insertIfAbsent(k)).isTrue();

        assertThat(store.findAll()).containsExactly(k);
        StoredSigningKey read = store.findAll().get(0);
        assertThat(read.privatePart()).isEqualTo(k.privatePart());
        assertThat(read.publicJwk()).isEqualTo(k.publicJwk());
        assertThat(read.activatesAt()).isEqualTo(k.activatesAt());
    }

    @Test
    void insertIfAbsentWhenGenerationTakenThenFalseAndTheFirstStays() {
        store.insertIfAbsent(key("kid-first", 1));

        assertThat(store.insertIfAbsent(key("kid-second", 1))).isFalse();

        assertThat(store.findAll()).extracting(StoredSigningKey::kid).containsExactly("kid-first");
    }

    @Test
    void insertIfAbsentWhenKidTakenThenFalse() {
        store.insertIfAbsent(key("kid-same", 1));

        assertThat(store.insertIfAbsent(key("kid-same", 2))).isFalse();

        assertThat(store.findAll()).hasSize(1);
    }

    @Test
    void findAllWhenSeveralThenByGenerationAscending() {
        store.insertIfAbsent(key("kid-c", 3));
        store.insertIfAbsent(key("kid-a", 1));
        store.insertIfAbsent(key("kid-b", 2));

        assertThat(store.findAll()).extracting(StoredSigningKey::generation).containsExactly(1L, 2L, 3L);
    }

    @Test
    void deleteWhenPresentThenGoneAndOthersStay() {
        store.insertIfAbsent(key("kid-a", 1));
        store.insertIfAbsent(key("kid-b", 2));

        assertThat(store.delete("kid-a")).isTrue();
        assertThat(store.delete("kid-a")).isFalse();

        assertThat(store.findAll()).extracting(StoredSigningKey::kid).containsExactly("kid-b");
    }

    @Test
    void deleteWhenUnknownThenFalse() {
        assertThat(store.delete("kid-none")).isFalse();
    }

    @Test
    void storedKeyWhenPrivatePartChangedOutsideThenCopyUnchanged() {
        byte[] sealed = "sealed".getBytes(StandardCharsets.UTF_8);
        StoredSigningKey k = new StoredSigningKey("kid-x", "ES256", 1, "{}", sealed, T0, T0, T0.plusSeconds(1));
        sealed[0] = 'X';
        k.privatePart()[1] = 'X';

        assertThat(new String(k.privatePart(), StandardCharsets.UTF_8)).isEqualTo("sealed");
        assertThat(k.toString()).doesNotContain("sealed");
    }

    @Test
    void storedKeyWhenKidHasBadCharactersThenRejectedNamingTheRule() {
        assertThatThrownBy(() -> new StoredSigningKey("a b", "ES256", 1, "{}", new byte[1], T0, T0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a b' is wrong value for kid");
        assertThatThrownBy(() -> new StoredSigningKey("k", "ES256", 0, "{}", new byte[1], T0, T0, T0))
                .hasMessageContaining("generation");
        assertThatThrownBy(() -> new StoredSigningKey("k", "ES256", 1, "{}", new byte[1], T0, T0.plusSeconds(1), T0))
                .hasMessageContaining("retiresAt");
    }

    /**
     * Nodes starting at once each insert the key of generation 1 (each its own kid): exactly one insert wins and
     * every node then reads the same single key.
     */
    @Test
    void insertIfAbsentWhenManyWritersRaceForOneGenerationThenExactlyOneWins() throws Exception {
        for (int round = 1; round <= rounds(); round++) {
            long generation = round;
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    SigningKeyStore node = t % 2 == 0 ? store : secondStore();
                    String kid = "kid-" + round + "-" + t;
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return node.insertIfAbsent(key(kid, generation));
                    }));
                }
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("winners of generation %d", generation).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.findAll()).filteredOn(k -> k.generation() == generation).hasSize(1);
            assertThat(secondStore().findAll()).isEqualTo(store.findAll());
        }
    }

    /** Rounds of the race test; each is a fresh generation. */
    protected int rounds() {
        return 5;
    }
}
