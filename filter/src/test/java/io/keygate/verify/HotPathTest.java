package io.keygate.verify;

import io.keygate.Keygate;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.service.NewKey;
import io.keygate.service.CreatedKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.InMemoryUsageStore;
import io.keygate.store.UsageCount;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine's hot-path shortcuts must keep: the client address is read only when the failed-authentication
 * limit is consulted; the key cache's statistics count every lookup although most reads are quiet; a key read
 * by every request stays cached while the cache is flooded with others; and last use and usage are noted at the
 * request's one clock reading.
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

    /** A clock that counts how often it was read. */
    private static final class CountingClock extends Clock {
        final Clock delegate;
        final AtomicInteger reads = new AtomicInteger();

        CountingClock(Clock delegate) {
            this.delegate = delegate;
        }

        @Override
        public long millis() {
            reads.incrementAndGet();
            return delegate.millis();
        }

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return delegate.instant();
        }

        @Override
        public ZoneId getZone() {
            return delegate.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    @Test
    void authenticateWhenKeyIsCachedThenLastUseAndUsageNotedAtTheEnginesOneClockReading() {
        CountingClock counting = new CountingClock(clock);
        InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
        InMemoryUsageStore usage = new InMemoryUsageStore();
        // no plan resolver: no limits, so the limiter (which reads the clock of its own) is not asked
        Keygate withUsage = Keygate.builder().store(keys).clock(counting).usageStore(usage)
                .meterRegistry(new SimpleMeterRegistry()).build();
        Authenticator counted = new Authenticator(withUsage, EngineSettings.builder().build(),
                (interval, round) -> () -> { });
        CreatedKey created = withUsage.service().create(NewKey.builder("org_1", Owner.serviceAccount("svc_1")).build());
        Credential key = new Credential.Bearer(created.plaintext());
        Instant later = T0.plusSeconds(42);
        try {
            counted.authenticate(key, "198.51.100.7", "/api", "GET");        // loaded into the cache
            clock.set(later.minusMillis(10));
            counted.authenticate(key, "198.51.100.7", "/api", "GET");        // its use reported to the eviction policy
            clock.set(later);
            counting.reads.set(0);

            assertThat(counted.authenticate(key, "198.51.100.7", "/api", "GET").kind())
                    .isEqualTo(AuthOutcome.Kind.AUTHENTICATED);

            // the engine's one reading, and the key cache's expiry check (its ticker is the same clock); last use and
            // usage are noted at the engine's reading instead of reading the clock again each
            assertThat(counting.reads).hasValue(2);
        } finally {
            counted.close(); // the final last-used and usage flushes
            withUsage.close();
        }
        assertThat(keys.findById(created.key().id()).orElseThrow().lastUsedAt()).isEqualTo(later);
        List<UsageCount> today = usage.daily(created.key().id(), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 1));
        assertThat(today).singleElement().satisfies(c -> {
            assertThat(c.authenticated()).isEqualTo(3);
            assertThat(c.total()).isEqualTo(3);
        });
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
