package io.keygate.verify;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.metrics.Meters;
import io.keygate.service.ApiKeyService;
import io.keygate.service.NewKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.ForwardingApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class LastUsedRecorderTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration LONG_INTERVAL = Duration.ofHours(1);
    private static final String THREAD_PREFIX = "keygate-lastused-";

    private final MutableClock clock = MutableClock.at(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EngineMetrics metrics = new EngineMetrics(registry, clock, s -> s);
    private final InMemoryApiKeyStore memory = new InMemoryApiKeyStore();
    private final CountingStore store = new CountingStore(memory);
    private final CountDownLatch releaseStore = new CountDownLatch(1);
    private final ManualTicks ticks = new ManualTicks();
    private LastUsedRecorder recorder;

    @AfterEach
    void tearDown() {
        releaseStore.countDown();
        if (recorder != null) {
            recorder.close();
        }
        metrics.close();
    }

    @Test
    void flushWhen10000TouchesOfOneKeyThenOneStoreCallWithThatKey() {
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 1000);
        for (int i = 0; i < 10_000; i++) {
            clock.advance(Duration.ofMillis(1));
            recorder.touch(key.id());
        }

        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(recorder.flush()).isZero();

        assertThat(store.batches).hasSize(1);
        assertThat(store.batches.get(0)).containsOnlyKeys(key.id());
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusMillis(10_000));
        assertThat(registry.get(Meters.LAST_USED_WRITES).counter().count()).isEqualTo(1.0);
    }

    @Test
    void scheduledFlushWhen10000TouchesInOneIntervalThenExactlyOneStoreCallContainsTheKey() {
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofSeconds(5), 1000, ticks);
        for (int i = 0; i < 10_000; i++) {
            recorder.touch(key.id());
        }

        ticks.tick();
        assertThat(callsContaining(key.id())).isEqualTo(1);
        // three more intervals without touches: no further write of the key
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(5));
            ticks.tick();
        }
        assertThat(callsContaining(key.id())).isEqualTo(1);
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void scheduledFlushWhenKeyUsedAgainInLaterIntervalThenWrittenAgain() {
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofSeconds(5), 1000, ticks);
        recorder.touch(key.id());
        ticks.tick();
        assertThat(callsContaining(key.id())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        recorder.touch(key.id());
        ticks.tick();

        assertThat(callsContaining(key.id())).isEqualTo(2);
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void touchWhenConcurrentWithFlushesThenNoUseIsLost() throws Exception {
        // 8 threads touch 200 keys while flushes run: every key's last use reaches the store
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofSeconds(5), 10_000, ticks);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(createKey().id());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 50; round++) {
                        ids.forEach(recorder::touch);
                    }
                }));
            }
            while (!futures.stream().allMatch(java.util.concurrent.Future::isDone)) {
                ticks.tick();
            }
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        ticks.tick();

        assertThat(ids).allSatisfy(id -> assertThat(memory.findById(id).orElseThrow().lastUsedAt()).isEqualTo(T0));
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void touchWhenStoreHangsThenReturnsImmediately() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        store.onRecord = batch -> {
            entered.countDown();
            awaitQuietly(releaseStore);
        };
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 10_000);
        recorder.touch("key_first");
        CompletableFuture<Integer> hungFlush = CompletableFuture.supplyAsync(recorder::flush);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        // the store call is stuck in another thread; touching from this one must not wait for it
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            for (int i = 0; i < 1000; i++) {
                recorder.touch("key_" + i);
            }
        });
        assertThat(recorder.pending()).isEqualTo(1000);
        assertThat(hungFlush).isNotDone();

        releaseStore.countDown();
        assertThat(hungFlush.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void scheduledFlushWhenStoreHangsThenTouchesKeepReturningAndKeysWaitForNextRound() {
        CountDownLatch entered = new CountDownLatch(1);
        store.onRecord = batch -> {
            entered.countDown();
            awaitQuietly(releaseStore);
        };
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofMillis(50), 10_000);
        recorder.touch("key_before");
        await().atMost(Duration.ofSeconds(5)).until(() -> entered.getCount() == 0);

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> recorder.touch("key_during"));
        assertThat(recorder.pending()).isEqualTo(1);

        store.onRecord = batch -> { };
        releaseStore.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> callsContaining("key_during") == 1);
    }

    @Test
    void touchWhenPendingFullThenNewKeysDroppedAndCounted() {
        int maxPending = 50;
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, maxPending);

        for (int i = 0; i < maxPending + 100; i++) {
            recorder.touch("key_" + i);
        }

        assertThat(recorder.pending()).isEqualTo(maxPending);
        assertThat(registry.get(Meters.LAST_USED_DROPPED).counter().count()).isEqualTo(100.0);
        assertThat(registry.get(Meters.LAST_USED_PENDING).gauge().value()).isEqualTo(maxPending);
    }

    @Test
    void touchWhenPendingFullThenKeysAlreadyWaitingStillUpdated() {
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 2);
        recorder.touch("key_a");
        recorder.touch("key_b");
        clock.advance(Duration.ofSeconds(30));

        recorder.touch("key_a");
        recorder.touch("key_c");

        assertThat(registry.get(Meters.LAST_USED_DROPPED).counter().count()).isEqualTo(1.0);
        recorder.flush();
        assertThat(store.batches).singleElement().isEqualTo(Map.of("key_a", T0.plusSeconds(30), "key_b", T0));
    }

    @Test
    void flushWhenStoreFailsThenEntriesKeptForNextRound() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        store.onRecord = batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StoreUnavailableException("database down");
            }
        };
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 1000);
        recorder.touch(key.id());

        assertThatThrownBy(recorder::flush).isInstanceOf(StoreUnavailableException.class);
        assertThat(recorder.pending()).isEqualTo(1);
        assertThat(registry.get(Meters.LAST_USED_WRITES).counter().count()).isZero();

        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
        assertThat(recorder.pending()).isZero();
    }

    @Test
    void flushWhenKeyTouchedDuringFailedFlushThenNewerTimeKept() {
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 1000);
        AtomicInteger failuresLeft = new AtomicInteger(1);
        store.onRecord = batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                // a request uses the key while the failing write is in flight
                clock.advance(Duration.ofSeconds(5));
                recorder.touch("key_a");
                throw new StoreUnavailableException("database down");
            }
        };
        recorder.touch("key_a");

        assertThatThrownBy(recorder::flush).isInstanceOf(StoreUnavailableException.class);
        recorder.flush();

        assertThat(store.batches.get(1)).isEqualTo(Map.of("key_a", T0.plusSeconds(5)));
    }

    @Test
    void scheduledFlushWhenStoreFailsOnceThenRetriedNextRound() {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        store.onRecord = batch -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new StoreUnavailableException("database down");
            }
        };
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofSeconds(5), 1000, ticks);
        recorder.touch(key.id());

        ticks.tick();
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isNull();
        assertThat(recorder.pending()).isEqualTo(1);
        ticks.tick();

        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
        assertThat(callsContaining(key.id())).isEqualTo(2);
    }

    @Test
    void closeWhenCalledThenTickingStopsBeforeTheFinalFlush() {
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofSeconds(5), 1000, ticks);
        recorder.touch(key.id());

        recorder.close();

        assertThat(ticks.stopped()).isTrue();
        assertThat(callsContaining(key.id())).isEqualTo(1);
        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
    }

    @Test
    void closeWhenPendingThenFinalFlushAndThreadsStopped() {
        Set<Thread> before = lastUsedThreads();
        ApiKey key = createKey();
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 1000);
        recorder.touch(key.id());
        assertThat(lastUsedThreads()).hasSizeGreaterThan(before.size());

        recorder.close();

        assertThat(memory.findById(key.id()).orElseThrow().lastUsedAt()).isEqualTo(T0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(lastUsedThreads()).isSubsetOf(before));
    }

    @Test
    void closeWhenScheduledFlushesRanThenBothThreadsStopped() {
        Set<Thread> before = lastUsedThreads();
        recorder = new LastUsedRecorder(store, clock, metrics, Duration.ofMillis(20), 1000);
        recorder.touch("key_a");
        await().atMost(Duration.ofSeconds(5)).until(() -> callsContaining("key_a") == 1);
        // both the timer and the writer thread exist now
        assertThat(lastUsedThreads()).extracting(Thread::getName)
                .contains("keygate-lastused-timer", "keygate-lastused-writer");

        recorder.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(lastUsedThreads()).isSubsetOf(before));
    }

    @Test
    void closeWhenStoreHangsThenReturnsInBoundedTimeAndThreadsStopped() {
        Set<Thread> before = lastUsedThreads();
        store.onRecord = batch -> awaitQuietly(releaseStore);
        recorder = new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 1000);
        recorder.touch("key_a");

        assertTimeoutPreemptively(Duration.ofSeconds(8), recorder::close);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(lastUsedThreads()).isSubsetOf(before));
    }

    @Test
    void constructorWhenMaxPendingOrIntervalInvalidThenMessageNamesValueAndRule() {
        assertThatThrownBy(() -> new LastUsedRecorder(store, clock, metrics, LONG_INTERVAL, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPending").hasMessageContaining("0").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new LastUsedRecorder(store, clock, metrics, Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new LastUsedRecorder(null, clock, metrics, LONG_INTERVAL, 10))
                .isInstanceOf(NullPointerException.class).hasMessage("store cannot be null");
    }

    private ApiKey createKey() {
        ApiKeyService service = new ApiKeyService(memory);
        return service.create(NewKey.builder("acme", Owner.user("u1")).build()).key();
    }

    private long callsContaining(String keyId) {
        return store.batches.stream().filter(b -> b.containsKey(keyId)).count();
    }

    private static Set<Thread> lastUsedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(THREAD_PREFIX) && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted");
        }
    }

    /** Delegates to an in-memory store and records every last-used batch; {@code onRecord} runs before the write. */
    static final class CountingStore extends ForwardingApiKeyStore {
        final List<Map<String, Instant>> batches = new CopyOnWriteArrayList<>();
        volatile Consumer<Map<String, Instant>> onRecord = batch -> { };
        CountingStore(ApiKeyStore delegate) {
            super(delegate);
        }

        @Override
        public void recordLastUsed(Map<String, Instant> lastUsedById) {
            batches.add(Map.copyOf(new HashMap<>(lastUsedById)));
            onRecord.accept(lastUsedById);
            delegate().recordLastUsed(lastUsedById);
        }
    }
}
