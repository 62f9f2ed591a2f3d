package io.keygate.bench.jmh;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.bench.fake.CountingChain;
import io.keygate.bench.fake.CountingStore;
import io.keygate.bench.fake.FakeFilterConfig;
import io.keygate.bench.fake.FakeRequest;
import io.keygate.bench.fake.FakeResponse;
import io.keygate.bench.report.ResultLog;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.keys.Owner;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.InMemoryUsageStore;
import io.keygate.store.UsageCount;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The whole {@link ApiKeyAuthFilter#doFilter} with hand-written fake request, response and chain (no mocking
 * library in the measured path): metrics on (a {@link SimpleMeterRegistry}), in-process limiter counting two
 * windows, last-used write-behind running, default settings except a failed-auth limit that never blocks.
 * {@link #chainOnly} is the floor: what the fakes themselves cost.
 *
 * <p>{@link #doFilterCachedValidKeyUsageOn} is {@link #doFilterCachedValidKey} on a second engine that differs only
 * in counting per-key daily usage ({@code Keygate.builder().usageStore(...)} with an {@link InMemoryUsageStore},
 * default flush interval): both filters exist in every fork, so the two benchmarks differ only in the usage step.
 * The store behind the usage recorder is written by its flush thread, never on the measured path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class FilterBenchmark {

    private CountingStore store;
    private Keygate keygate;
    private ApiKeyAuthFilter filter;
    private CountingChain chain;
    private FakeResponse response;
    private FakeRequest valid;
    private FakeRequest malformed;
    private FakeRequest unknown;
    private FakeRequest missing;
    private InMemoryUsageStore usageStore;
    private Keygate usageKeygate;
    private ApiKeyAuthFilter usageFilter;
    private FakeRequest usageValid;
    private String usageKeyId;

    @Setup(Level.Trial)
    public void setUp() throws ServletException, IOException {
        store = new CountingStore(new InMemoryApiKeyStore());
        keygate = Fixtures.keygate(store, new SimpleMeterRegistry());
        String key = Fixtures.createKey(keygate, "filter-bench");
        Random random = new Random(7);
        filter = new ApiKeyAuthFilter(keygate, Fixtures.settings(Fixtures.NEVER_BLOCK));
        filter.init(new FakeFilterConfig("keygate"));
        chain = new CountingChain();
        response = new FakeResponse();
        valid = new FakeRequest("GET", "/api/items", "203.0.113.7", "Bearer " + key);
        malformed = new FakeRequest("GET", "/api/items", "203.0.113.8", "Bearer " + Fixtures.randomMalformed(random));
        unknown = new FakeRequest("GET", "/api/items", "203.0.113.9",
                "Bearer " + Fixtures.randomWellFormed(random));
        missing = new FakeRequest("GET", "/api/items", "203.0.113.10", null);

        expectStatus(valid, 200);
        if (chain.calls() != 1 || chain.lastPrincipal() == null) {
            throw new IllegalStateException("benchmark set up wrongly: the valid key did not reach the chain");
        }
        expectStatus(malformed, 401);
        expectStatus(unknown, 401);
        expectStatus(missing, 401);

        usageStore = new InMemoryUsageStore();
        usageKeygate = Fixtures.keygate(store, new SimpleMeterRegistry(), usageStore);
        CreatedKey usageKey = usageKeygate.service().create(NewKey.builder(Fixtures.ORGANIZATION,
                Owner.serviceAccount("svc_bench")).name("filter-bench-usage").build());
        usageKeyId = usageKey.key().id();
        usageFilter = new ApiKeyAuthFilter(usageKeygate, Fixtures.settings(Fixtures.NEVER_BLOCK));
        usageFilter.init(new FakeFilterConfig("keygate-usage"));
        usageValid = new FakeRequest("GET", "/api/items", "203.0.113.7", "Bearer " + usageKey.plaintext());
        expectStatus(usageFilter, usageValid, 200);
        store.reset();
    }

    private void expectStatus(FakeRequest request, int status) throws ServletException, IOException {
        expectStatus(filter, request, status);
    }

    private void expectStatus(ApiKeyAuthFilter target, FakeRequest request, int status)
            throws ServletException, IOException {
        response.clear();
        target.doFilter(request, response, chain);
        if (response.getStatus() != status) {
            throw new IllegalStateException("benchmark set up wrongly: expected " + status + ", got "
                    + response.getStatus());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        ResultLog.record("jmh-store-calls", AuthenticatorBenchmark.shortName(params.getBenchmark()), store.lookups(),
                "lookups", "store.findByHash calls during warmup+measurement");
        filter.destroy();
        keygate.close();
        usageFilter.destroy();
        usageKeygate.close(); // the last usage flush
        if (params.getBenchmark().endsWith(".doFilterCachedValidKeyUsageOn")) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            long counted = usageStore.daily(usageKeyId, today.minusDays(1), today).stream()
                    .mapToLong(UsageCount::authenticated).sum();
            ResultLog.record("jmh-usage", "FilterBenchmark.doFilterCachedValidKeyUsageOn.authenticated", counted,
                    "requests", "authenticated requests of the key in the usage store after the last flush");
            if (counted < 2) {
                throw new IllegalStateException("benchmark measured nothing: the usage store counted " + counted
                        + " requests of the key");
            }
        }
    }

    @Benchmark
    public int chainOnly() throws ServletException, IOException {
        response.clear();
        chain.doFilter(valid, response);
        return response.getStatus();
    }

    @Benchmark
    public int doFilterCachedValidKey() throws ServletException, IOException {
        response.clear();
        filter.doFilter(valid, response, chain);
        return response.getStatus();
    }

    /** The same request as {@link #doFilterCachedValidKey} on the engine that records per-key usage. */
    @Benchmark
    public int doFilterCachedValidKeyUsageOn() throws ServletException, IOException {
        response.clear();
        usageFilter.doFilter(usageValid, response, chain);
        return response.getStatus();
    }

    @Benchmark
    public int doFilterMalformedKey() throws ServletException, IOException {
        response.clear();
        filter.doFilter(malformed, response, chain);
        return response.getStatus();
    }

    @Benchmark
    public int doFilterUnknownKey() throws ServletException, IOException {
        response.clear();
        filter.doFilter(unknown, response, chain);
        return response.getStatus();
    }

    @Benchmark
    public int doFilterMissingHeader() throws ServletException, IOException {
        response.clear();
        filter.doFilter(missing, response, chain);
        return response.getStatus();
    }
}
