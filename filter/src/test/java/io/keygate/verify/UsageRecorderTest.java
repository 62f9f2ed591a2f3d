package io.keygate.verify;

import io.keygate.store.InMemoryUsageStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.store.UsageCount;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-30");

    private final MutableClock clock = MutableClock.at(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualTicks ticks = new ManualTicks();
    private final List<List<UsageCount>> batches = new ArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final InMemoryUsageStore memory = new InMemoryUsageStore();
    private final io.keygate.store.UsageStore store = new io.keygate.store.UsageStore() {
        @Override
        public synchronized void add(Collection<UsageCount> deltas) {
            if (down.get()) {
                throw new StoreUnavailableException("database down");
            }
            batches.add(List.copyOf(deltas));
            memory.add(deltas);
        }

        @Override
        public List<UsageCount> daily(String keyId, LocalDate from, LocalDate to) {
            return memory.daily(keyId, from, to);
        }
    };
    private UsageRecorder recorder;

    @AfterEach
    void tearDown() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private UsageRecorder recorder(int maxPending) {
        recorder = new UsageRecorder(store, clock, registry, Duration.ofSeconds(5), maxPending, ticks);
        return recorder;
    }

    @Test
    void recordWhen10000RequestsOfOneKeyFromEightThreadsThenCountsExactAndOneWritePerFlush() throws Exception {
        recorder(1000);
        concurrently(8, 1250, i -> recorder.record("key_busy", i % 10 == 0 ? UsageRecorder.RATE_LIMITED
                : i % 25 == 1 ? UsageRecorder.FORBIDDEN : UsageRecorder.AUTHENTICATED), ticks);
        ticks.tick();

        UsageCount day = store.lastDays("key_busy", 1, DAY).get(0);
        assertThat(day.total()).isEqualTo(10_000);
        assertThat(day.rateLimited()).isEqualTo(8 * 125);
        assertThat(day.forbidden()).isEqualTo(8 * 50);
        // each flush wrote the key at most once, in one call
        assertThat(batches).allSatisfy(b -> assertThat(b.stream().filter(c -> c.keyId().equals("key_busy"))).hasSizeLessThanOrEqualTo(1));
        assertThat(registry.get("apikey.usage.writes").counter().count()).isEqualTo(batches.stream().mapToInt(List::size).sum());
    }

    @Test
    void flushWhenManyKeysThenOneStoreCallWithOneRowPerKey() {
        recorder(1000);
        for (int k = 0; k < 300; k++) {
            for (int i = 0; i < 7; i++) {
                recorder.record("key_" + k, UsageRecorder.AUTHENTICATED);
            }
        }

        ticks.tick();

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(300).allSatisfy(c -> assertThat(c.authenticated()).isEqualTo(7));
        ticks.tick();
        assertThat(batches).hasSize(1);
    }

    @Test
    void recordWhenDayEndsThenCountsSplitOnTheUtcBoundary() {
        recorder(1000);
        clock.set(Instant.parse("2026-11-30T23:59:59.500Z"));
        recorder.record("key_a", UsageRecorder.AUTHENTICATED);
        recorder.record("key_a", UsageRecorder.AUTHENTICATED);
        clock.set(Instant.parse("2026-12-01T00:00:00.000Z"));
        recorder.record("key_a", UsageRecorder.RATE_LIMITED);

        ticks.tick();

        List<UsageCount> two = store.lastDays("key_a", 2, LocalDate.parse("2026-12-01"));
        assertThat(two).extracting(UsageCount::day).containsExactly(DAY, LocalDate.parse("2026-12-01"));
        assertThat(two.get(0)).isEqualTo(new UsageCount("key_a", DAY, 2, 0, 0));
        assertThat(two.get(1)).isEqualTo(new UsageCount("key_a", LocalDate.parse("2026-12-01"), 0, 1, 0));
    }

    @Test
    void flushWhenStoreDownThenMemoryBoundedDropsCountedAndRecoveryByItself() {
        recorder(10);
        down.set(true);
        for (int k = 0; k < 25; k++) {
            recorder.record("key_" + k, UsageRecorder.AUTHENTICATED);
        }
        assertThat(recorder.pending()).isEqualTo(10);
        assertThat(registry.get("apikey.usage.dropped").counter().count()).isEqualTo(15);

        ticks.tick();
        ticks.tick();
        assertThat(recorder.pending()).isLessThanOrEqualTo(10);
        assertThat(registry.get("apikey.usage.pending").gauge().value()).isLessThanOrEqualTo(10);

        down.set(false);
        ticks.tick();

        assertThat(recorder.pending()).isZero();
        long written = 0;
        for (int k = 0; k < 25; k++) {
            written += store.lastDays("key_" + k, 1, DAY).get(0).total();
        }
        assertThat(written).isEqualTo(10);
    }

    @Test
    void recordWhenFlushesRunConcurrentlyThenNoRequestCountedTwiceOrLost() throws Exception {
        recorder(10_000);
        concurrently(8, 5_000, i -> recorder.record("key_" + (i % 16), UsageRecorder.AUTHENTICATED), ticks);
        ticks.tick();

        long total = 0;
        for (int k = 0; k < 16; k++) {
            total += store.lastDays("key_" + k, 1, DAY).get(0).total();
        }
        assertThat(total).isEqualTo(40_000);
    }

    @Test
    void closeWhenPendingThenFinalFlushWritesThem() {
        recorder(1000);
        recorder.record("key_a", UsageRecorder.FORBIDDEN);

        recorder.close();
        recorder = null;

        assertThat(store.lastDays("key_a", 1, DAY).get(0).forbidden()).isEqualTo(1);
        assertThat(registry.find("apikey.usage.pending").gauge()).isNull();
    }

    @Test
    void lastDaysWhenSomeDaysWithoutRequestsThenZerosFilledOldestFirst() {
        memory.add(List.of(new UsageCount("key_a", DAY.minusDays(2), 5, 1, 0)));

        List<UsageCount> days = memory.lastDays("key_a", 4, DAY);

        assertThat(days).extracting(UsageCount::day)
                .containsExactly(DAY.minusDays(3), DAY.minusDays(2), DAY.minusDays(1), DAY);
        assertThat(days).extracting(UsageCount::total).containsExactly(0L, 6L, 0L, 0L);
        assertThatThrownBy(() -> memory.lastDays("key_a", 0, DAY)).hasMessageContaining("at least 1");
    }

    private interface Use {
        void run(int i);
    }

    /** Runs {@code use} on {@code threads} threads while the test thread keeps ticking the flush. */
    private static void concurrently(int threads, int perThread, Use use, ManualTicks ticks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        use.run(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            while (!futures.stream().allMatch(Future::isDone)) {
                ticks.tick();
            }
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
