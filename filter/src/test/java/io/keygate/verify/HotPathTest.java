package io.keygate.verify;

import io.keygate.Keygate;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine's hot-path shortcuts must keep: the client address is read only when the failed-authentication
 * limit is consulted; the key cache's statistics count every lookup although most reads are quiet; and a key read
 * by every request stays cached while the cache is flooded with others.
 */
class HotPathTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final Keygate keygate = Keygate.builder().store(store).clock(clock)
            .meterRegistry(new SimpleMeterRegistry()).build();
    private Authenticator engine = new Authenticator(keygate, EngineSettings.builder()
            .failedAuthLimit(new Limit(1_000, 60)).build(), (interval, round) -> () -> { });

    @AfterEach
    void tearDown() {
        engine.close();
        keygate.close();
    }

    private String createKey() {
        return keygate.service().create(NewKey.builder("org_1", Owner.serviceAccount("svc_1")).build()).plaintext();
    }

    /** A client address that counts how often it was asked. */
    private static final class CountingAddress implements Supplier<String> {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public String get() {
            asked.incrementAndGet();
            return "198.51.100.7";
        }
    }

    @Test
    void authenticateWhenKeyIsCachedThenClientAddressNeverAsked() {
        Credential key = new Credential.Bearer(createKey());
        engine.authenticate(key, "198.51.100.7", "/api", "GET");
        CountingAddress address = new CountingAddress();

        AuthOutcome outcome = engine.authenticate(key, address, "/api", "GET");

        assertThat(outcome.kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(address.asked).hasValue(0);
    }

    @Test
    void authenticateWhenKeyMalformedOrUnknownThenClientAddressAskedOnceEach() {
        CountingAddress malformed = new CountingAddress();
        CountingAddress unknown = new CountingAddress();
        String wellFormedUnknown = KeyFormat.compose(KeyFormat.DEFAULT_LIVE_PREFIX, "A".repeat(32));

        AuthOutcome first = engine.authenticate(new Credential.Bearer("sk_live_nope"), malformed, "/api", "GET");
        AuthOutcome second = engine.authenticate(new Credential.Bearer(wellFormedUnknown), unknown, "/api", "GET");

        assertThat(first.kind()).isEqualTo(AuthOutcome.Kind.INVALID);
        assertThat(second.kind()).isEqualTo(AuthOutcome.Kind.INVALID);
        // once for the limit's check and the failure it then counts, not once for each
        assertThat(malformed.asked).hasValue(1);
        assertThat(unknown.asked).hasValue(1);
    }

    @Test
    void authenticateWhenAddressFloodedThenCachedKeyPassesWithoutTheAddressBeingAsked() {
        engine.close();
        engine = new Authenticator(keygate, EngineSettings.builder().failedAuthLimit(new Limit(2, 60)).build(),
                (interval, round) -> () -> { });
        Credential key = new Credential.Bearer(createKey());
        engine.authenticate(key, "198.51.100.7", "/api", "GET");
        for (int i = 0; i < 3; i++) {
            engine.authenticate(new Credential.Bearer("sk_live_nope"), "198.51.100.7", "/api", "GET");
        }
        CountingAddress address = new CountingAddress();

        assertThat(engine.authenticate(new Credential.Bearer("sk_live_nope"), "198.51.100.7", "/api", "GET").kind())
                .isEqualTo(AuthOutcome.Kind.BLOCKED);
        assertThat(engine.authenticate(key, address, "/api", "GET").kind())
                .isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(address.asked).hasValue(0);
    }

    @Test
    void cachedWhenReadManyTimesThenEveryHitAndMissIsInTheCacheStatistics() {
        Credential key = new Credential.Bearer(createKey());
        Credential unknown = new Credential.Bearer(KeyFormat.compose(KeyFormat.DEFAULT_LIVE_PREFIX, "B".repeat(32)));

        engine.authenticate(key, "198.51.100.7", "/api", "GET");      // miss, then loaded
        for (int i = 0; i < 10; i++) {
            engine.authenticate(key, "198.51.100.7", "/api", "GET");  // hits, most of them quiet reads
        }
        engine.authenticate(unknown, "198.51.100.7", "/api", "GET");  // miss

        assertThat(engine.resolver().cache().stats().hitCount()).isEqualTo(10);
        assertThat(engine.resolver().cache().stats().missCount()).isEqualTo(2);
    }

    @Test
    void cachedWhenOneKeyUsedEverySecondWhileThousandsOfOthersPassThenItStaysCached() {
        engine.close();
        engine = new Authenticator(keygate, EngineSettings.builder().cacheMaxSize(100)
                .failedAuthLimit(new Limit(1_000_000, 60)).build(), (interval, round) -> () -> { });
        Credential hot = new Credential.Bearer(createKey());
        engine.authenticate(hot, "198.51.100.7", "/api", "GET");
        for (int i = 0; i < 2_000; i++) {
            // the hot key on every request, so its use reaches the eviction policy once a second
            engine.authenticate(hot, "198.51.100.7", "/api", "GET");
            engine.authenticate(new Credential.Bearer(createKey()), "198.51.100.7", "/api", "GET");
            clock.advance(Duration.ofMillis(250));
            engine.resolver().cache().cleanUp();
        }

        assertThat(engine.resolver().cached(KeyFormat.standard().check(((Credential.Bearer) hot).token()).digest()))
                .isNotNull();
        assertThat(engine.resolver().cache().estimatedSize()).isLessThanOrEqualTo(100);
    }
}
