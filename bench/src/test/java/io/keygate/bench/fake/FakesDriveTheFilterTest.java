package io.keygate.bench.fake;

import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.store.InMemoryApiKeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written fakes of the doFilter benchmark exercise the real paths: accepted, rejected, not looked up. */
class FakesDriveTheFilterTest {

    @Test
    void doFilterWhenFakesCarryValidThenMalformedKeyThenChainRunsOnceAndStoreIsAskedOnce() throws Exception {
        CountingStore store = new CountingStore(new InMemoryApiKeyStore());
        try (Keygate keygate = Fixtures.keygate(store, new SimpleMeterRegistry())) {
            String key = Fixtures.createKey(keygate, "fakes");
            ApiKeyAuthFilter filter = new ApiKeyAuthFilter(keygate, Fixtures.settings(Fixtures.NEVER_BLOCK));
            filter.init(new FakeFilterConfig("keygate"));
            CountingChain chain = new CountingChain();
            FakeResponse response = new FakeResponse();
            try {
                filter.doFilter(new FakeRequest("GET", "/api", "10.0.0.1", "Bearer " + key), response, chain);
                assertThat(response.getStatus()).isEqualTo(200);
                assertThat(chain.calls()).isEqualTo(1);
                assertThat(chain.lastPrincipal()).isInstanceOf(ApiKeyPrincipal.class);
                assertThat(response.getHeader("RateLimit-Remaining")).isNotNull();

                response.clear();
                filter.doFilter(new FakeRequest("GET", "/api", "10.0.0.1",
                        "Bearer " + Fixtures.randomMalformed(new Random(3))), response, chain);
                assertThat(response.getStatus()).isEqualTo(401);
                assertThat(response.bodyBytes()).isPositive();
                assertThat(chain.calls()).isEqualTo(1);
                assertThat(store.lookups()).isEqualTo(1);
            } finally {
                filter.destroy();
            }
        }
    }
}
