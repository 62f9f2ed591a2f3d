package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.KeyNotActiveException;
import io.keygate.service.NewKey;
import io.keygate.store.KeyQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 request threads creating, revoking and rotating keys through {@link ApiKeyService} on one JPA store at once:
 * every key created is found by its plaintext's hash, every revocation sticks, and a key rotated by many threads
 * at once is replaced exactly once.
 */
class ServiceConcurrencyTest {

    private static final int THREADS = 32;
    private static final int KEYS_PER_THREAD = 10;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void createRevokeAndRotateFrom32ThreadsThenNothingLostAndOneRotationWins(String db) throws Exception {
        try (ScratchDatabase database = switch (db) {
            case "h2" -> ScratchDatabase.h2();
            case "postgres" -> ScratchDatabase.postgres();
            default -> ScratchDatabase.mariaDb();
        }; JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource())) {
            ApiKeyService service = new ApiKeyService(store);
            CreatedKey contested = service.create(NewKey.builder("org_shared", Owner.user("u")).name("contested").build());
            ConcurrentLinkedQueue<CreatedKey> created = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> revoked = new ConcurrentLinkedQueue<>();
            AtomicInteger rotations = new AtomicInteger();
            AtomicInteger refusedRotations = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < KEYS_PER_THREAD; i++) {
                            CreatedKey key = service.create(NewKey.builder("org_" + (thread % 4), Owner.user("u" + thread))
                                    .name("thread " + thread + " key " + i).build());
                            created.add(key);
                            if (i % 2 == 1) {
                                assertThat(service.revoke(key.key().id())).hasValueSatisfying(
                                        k -> assertThat(k.revokedAt()).isNotNull());
                                revoked.add(key.key().id());
                            }
                            if (i == KEYS_PER_THREAD / 2) {
                                try {
                                    service.rotate(contested.key().id(), 0).ifPresent(r -> rotations.incrementAndGet());
                                } catch (KeyNotActiveException e) {
                                    refusedRotations.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(3, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(created).hasSize(THREADS * KEYS_PER_THREAD);
            Set<String> revokedIds = Set.copyOf(revoked);
            for (CreatedKey key : created) {
                ApiKey stored = store.findByHash(KeyFormat.sha256Hex(key.plaintext()))
                        .orElseThrow(() -> new AssertionError("lost " + key.key().id()));
                assertThat(stored.revokedAt() != null).isEqualTo(revokedIds.contains(stored.id()));
            }
            assertThat(rotations.get()).as("rotations of one key by %d threads", THREADS).isEqualTo(1);
            assertThat(refusedRotations.get()).isEqualTo(THREADS - 1);
            assertThat(store.findById(contested.key().id()).orElseThrow().revokedAt()).isNotNull();
            assertThat(store.search(new KeyQuery("org_shared", null, 1, 10)).total()).as("contested + its one successor")
                    .isEqualTo(2);
            assertThat(store.search(new KeyQuery(null, null, 1, 1)).total()).isEqualTo(THREADS * KEYS_PER_THREAD + 2L);
        }
    }
}
