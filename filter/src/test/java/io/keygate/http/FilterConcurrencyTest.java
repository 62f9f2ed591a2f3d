package io.keygate.http;

import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FilterConcurrencyTest {

    @Test
    void doFilterWhen64ThreadsHammerOneKeyWithLimit100ThenExactly100Admitted() throws Exception {
        try (FilterHarness h = new FilterHarness(FilterHarness.settings().build())) {
            CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1")).rateLimit(new Limit(100, 3600)).build());
            int threads = 64;
            int perThread = 10;
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
                        if (r.passed()) {
                            admitted.incrementAndGet();
                        } else if (r.status == 429) {
                            limited.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(admitted.get()).isEqualTo(100);
            assertThat(limited.get()).isEqualTo(threads * perThread - 100);
            assertThat(h.count("authenticated")).isEqualTo(100.0);
            assertThat(h.count("rate_limited")).isEqualTo(threads * perThread - 100.0);
        }
    }
}
