package io.keygate.bench.jmh;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.bench.fake.CountingChain;
import io.keygate.bench.fake.CountingStore;
import io.keygate.bench.fake.FakeFilterConfig;
import io.keygate.bench.fake.FakeRequest;
import io.keygate.bench.fake.FakeResponse;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.store.InMemoryApiKeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ApiKeyAuthFilter} shared by two threads, as in a server: {@link #oneKey} sends the same cached key from
 * both (the HTTP load run's case: one limiter bucket, one last-used holder, the same meters written from both cores),
 * {@link #keyPerThread} a cached key of its own from each thread (their own bucket and holder; the meters are still
 * shared). The difference is what one hot key costs when the cores share its state; compare with the single-thread
 * {@code FilterBenchmark.doFilterCachedValidKey}. Settings as in {@code FilterBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(2)
public class SharedFilterBenchmark {

    /** The filter and two keys, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Server {
        Keygate keygate;
        ApiKeyAuthFilter filter;
        final String[] keys = new String[2];

        @Setup(Level.Trial)
        public void setUp() throws ServletException {
            keygate = Fixtures.keygate(new CountingStore(new InMemoryApiKeyStore()), new SimpleMeterRegistry());
            keys[0] = Fixtures.createKey(keygate, "shared-bench-0");
            keys[1] = Fixtures.createKey(keygate, "shared-bench-1");
            filter = new ApiKeyAuthFilter(keygate, Fixtures.settings(Fixtures.NEVER_BLOCK));
            filter.init(new FakeFilterConfig("keygate"));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            filter.destroy();
            keygate.close();
        }
    }

    /** Each thread's own fakes: the request of the shared key and the request of its own key. */
    @State(Scope.Thread)
    public static class Client {
        final CountingChain chain = new CountingChain();
        final FakeResponse response = new FakeResponse();
        FakeRequest sharedKey;
        FakeRequest ownKey;

        @Setup(Level.Trial)
        public void setUp(Server server, ThreadParams thread) throws ServletException, IOException {
            sharedKey = new FakeRequest("GET", "/api/items", "203.0.113.7", "Bearer " + server.keys[0]);
            ownKey = new FakeRequest("GET", "/api/items", "203.0.113.7",
                    "Bearer " + server.keys[thread.getThreadIndex() % 2]);
            for (FakeRequest request : new FakeRequest[] {sharedKey, ownKey}) {
                response.clear();
                server.filter.doFilter(request, response, chain);
                if (response.getStatus() != 200) {
                    throw new IllegalStateException("benchmark set up wrongly: expected 200, got "
                            + response.getStatus());
                }
            }
        }
    }

    @Benchmark
    public int oneKey(Server server, Client client) throws ServletException, IOException {
        client.response.clear();
        server.filter.doFilter(client.sharedKey, client.response, client.chain);
        return client.response.getStatus();
    }

    @Benchmark
    public int keyPerThread(Server server, Client client) throws ServletException, IOException {
        client.response.clear();
        server.filter.doFilter(client.ownKey, client.response, client.chain);
        return client.response.getStatus();
    }
}
