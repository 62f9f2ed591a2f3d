package io.keygate.verify;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.RateLimiter;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.ForwardingApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.StoreUnavailableException;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine on its own: no servlet API, the decisions and their side effects. */
class AuthenticatorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:10Z");
    private static final String NAT = "198.51.100.1";

    private final MutableClock clock = MutableClock.at(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryApiKeyStore memory = new InMemoryApiKeyStore();
    private final AtomicInteger lookups = new AtomicInteger();
    private RuntimeException storeFailure;
    private final ForwardingApiKeyStore store = new ForwardingApiKeyStore(memory) {
        @Override
        public Optional<ApiKey> findByHash(String hash) {
            lookups.incrementAndGet();
            if (storeFailure != null) {
                throw storeFailure;
            }
            return super.findByHash(hash);
        }
    };
    private final List<Authenticator> engines = new ArrayList<>();

    @AfterEach
    void tearDown() {
        engines.forEach(Authenticator::close);
    }

    private Keygate keygate(PlanResolver plans, RateLimiter limiter) {
        Keygate.Builder b = Keygate.builder().store(store).meterRegistry(registry).clock(clock);
        if (plans != null) {
            b.planResolver(plans);
        }
        if (limiter != null) {
            b.rateLimiter(limiter);
        }
        return b.build();
    }

    private Authenticator engine(Keygate keygate, EngineSettings settings) {
        Authenticator a = new Authenticator(keygate, settings, (interval, round) -> () -> { });
        engines.add(a);
        return a;
    }

    private static CreatedKey create(Keygate keygate, String organization) {
        return keygate.service().create(NewKey.builder(organization, Owner.user("u1")).build());
    }

    private static AuthOutcome get(Authenticator engine, String token, String client) {
        return engine.authenticate(new Credential.Bearer(token), client, "/x", "GET");
    }

    @Test
    void authenticateWhenAddressFloodedThenCachedValidKeyStillPassesAndUncachedValidKeyGets429() {
        Keygate keygate = keygate(null, null);
        Authenticator engine = engine(keygate, EngineSettings.builder().failedAuthLimit(new Limit(5, 60)).build());
        CreatedKey platformAdmin = create(keygate, "platform");
        CreatedKey neverSeen = create(keygate, "acme");
        assertThat(get(engine, platformAdmin.plaintext(), NAT).kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);

        // a shared address (NAT, proxy) flooded with unknown keys
        for (int i = 0; i < 50; i++) {
            get(engine, KeyFormat.standard().generate(Environment.LIVE).plaintext(), NAT);
        }
        int lookupsBefore = lookups.get();

        assertThat(get(engine, platformAdmin.plaintext(), NAT).kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        AuthOutcome uncached = get(engine, neverSeen.plaintext(), NAT);
        assertThat(uncached.kind()).isEqualTo(AuthOutcome.Kind.BLOCKED);
        assertThat(((AuthOutcome.Blocked) uncached).retryAfterSeconds()).isBetween(1L, 60L);
        // the limit protected the store: neither request asked it
        assertThat(lookups.get()).isEqualTo(lookupsBefore);
        // another address is not affected
        assertThat(get(engine, neverSeen.plaintext(), "203.0.113.9").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
    }

    @Test
    void authenticateWhenAddressFloodedThenMalformedAndRevokedKeysStillBlocked() {
        Keygate keygate = keygate(null, null);
        Authenticator engine = engine(keygate, EngineSettings.builder().failedAuthLimit(new Limit(3, 60)).build());
        CreatedKey key = create(keygate, "acme");
        get(engine, key.plaintext(), NAT);
        keygate.service().revoke(key.key().id());
        for (int i = 0; i < 3; i++) {
            get(engine, "sk_live_garbage" + i, NAT);
        }

        assertThat(get(engine, "sk_live_garbage", NAT).kind()).isEqualTo(AuthOutcome.Kind.BLOCKED);
        // the revoked key left the cache with its revocation: it is no longer a key this node holds verified
        assertThat(get(engine, key.plaintext(), NAT).kind()).isEqualTo(AuthOutcome.Kind.BLOCKED);
    }

    @Test
    void authenticateWhenStoreThrowsUnexpectedlyThen503CountedAndLoggedOncePerMinuteWithoutTheKey() {
        Keygate keygate = keygate(null, null);
        Authenticator engine = engine(keygate, EngineSettings.defaults());
        CreatedKey key = create(keygate, "acme");
        storeFailure = new IllegalStateException("broken mapping for " + key.plaintext());
        List<LogRecord> logged = capture();

        AuthOutcome first = get(engine, key.plaintext(), "203.0.113.1");
        clock.advance(Duration.ofSeconds(2)); // past the store back-off, so the store is asked again
        get(engine, key.plaintext(), "203.0.113.1");

        assertThat(first.kind()).isEqualTo(AuthOutcome.Kind.UNAVAILABLE);
        assertThat(registry.get("apikey.backend.errors").tag("component", "store").counter().count()).isEqualTo(2);
        List<LogRecord> warnings = logged.stream().filter(r -> r.getMessage().contains("apikey.backend.errors")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getMessage()).contains("IllegalStateException", "store")
                .doesNotContain(key.plaintext()).contains(KeyFormat.standard().redactKeys(key.plaintext()));

        clock.advance(Duration.ofMinutes(1));
        get(engine, key.plaintext(), "203.0.113.1");
        assertThat(logged.stream().filter(r -> r.getMessage().contains("apikey.backend.errors"))).hasSize(2);
    }

    @Test
    void authenticateWhenStoreIsDownThenAnsweredUnavailableButNotCountedAsBackendError() {
        Keygate keygate = keygate(null, null);
        Authenticator engine = engine(keygate, EngineSettings.defaults());
        CreatedKey key = create(keygate, "acme");
        storeFailure = new StoreUnavailableException("database down");

        assertThat(get(engine, key.plaintext(), "203.0.113.1").kind()).isEqualTo(AuthOutcome.Kind.UNAVAILABLE);
        assertThat(registry.get("apikey.backend.errors").tag("component", "store").counter().count()).isZero();
    }

    @Test
    void authenticateWhenPlanResolverOrLimiterThrowThen503AndEachComponentCounted() {
        PlanResolver brokenPlans = new PlanResolver() {
            @Override
            public Optional<Plan> byName(String planName) {
                throw new NullPointerException("plan table");
            }

            @Override
            public Optional<Plan> forOrganization(String organizationId) {
                if (organizationId.equals("broken")) {
                    throw new NullPointerException("plan table");
                }
                return Optional.of(Plan.of("free", new Limit(10, 60)));
            }
        };
        RateLimiter brokenLimiter = new RateLimiter() {
            @Override
            public RateLimitDecision tryAcquire(String bucket, List<Limit> limits) {
                throw new ArithmeticException("overflow");
            }
        };
        Keygate keygate = keygate(brokenPlans, brokenLimiter);
        Authenticator engine = engine(keygate, EngineSettings.defaults());

        assertThat(get(engine, create(keygate, "broken").plaintext(), "a").kind()).isEqualTo(AuthOutcome.Kind.UNAVAILABLE);
        assertThat(get(engine, create(keygate, "acme").plaintext(), "a").kind()).isEqualTo(AuthOutcome.Kind.UNAVAILABLE);

        assertThat(registry.get("apikey.backend.errors").tag("component", "plans").counter().count()).isEqualTo(1);
        assertThat(registry.get("apikey.backend.errors").tag("component", "limiter").counter().count()).isEqualTo(1);
        assertThat(registry.get("apikey.auth.requests").tag("outcome", "unavailable").counter().count()).isEqualTo(2);
    }

    @Test
    void authenticateWhenKeyHasOwnPlanThenItNeverGrantsAccessItsOrganizationLacks() {
        Map<String, Plan> plans = Map.of("enterprise", Plan.of("enterprise", new Limit(3000, 60)),
                "none", Plan.noApiAccess("none"));
        Keygate keygate = keygate(new StaticPlanResolver(plans, Map.of("initech", "none"), null), null);
        Authenticator engine = engine(keygate, EngineSettings.defaults());
        CreatedKey key = keygate.service().create(NewKey.builder("initech", Owner.user("u")).plan("enterprise").build());

        assertThat(get(engine, key.plaintext(), "a").kind()).isEqualTo(AuthOutcome.Kind.PLAN_DENIED);
    }

    @Test
    void planNameWhenAskedForAStoredKeyThenAsARequestOfItWouldRunOrEmptyWithoutApiAccess() {
        Map<String, Plan> plans = Map.of("enterprise", Plan.of("enterprise", new Limit(3000, 60)),
                "none", Plan.noApiAccess("none"));
        Keygate keygate = keygate(new StaticPlanResolver(plans, Map.of("acme", "enterprise", "initech", "none"),
                null), null);
        Authenticator engine = engine(keygate, EngineSettings.defaults());
        ApiKey plain = keygate.service().create(NewKey.builder("acme", Owner.user("u")).build()).key();
        ApiKey ownLimit = keygate.service().create(NewKey.builder("acme", Owner.user("u"))
                .rateLimit(new Limit(2, 60)).build()).key();
        ApiKey ownPlanWithoutAccess = keygate.service().create(NewKey.builder("initech", Owner.user("u"))
                .plan("enterprise").build()).key();
        ApiKey noPlan = keygate.service().create(NewKey.builder("globex", Owner.user("u")).build()).key();

        assertThat(engine.planName(plain)).contains("enterprise");
        assertThat(engine.planName(ownLimit)).contains(Authenticator.KEY_LIMIT_PLAN_NAME);
        assertThat(engine.planName(ownPlanWithoutAccess)).isEmpty();
        assertThat(engine.planName(noPlan)).contains(Authenticator.NO_PLAN_NAME);
    }

    @Test
    void twoEnginesOnOneRegistryWhenOneClosesThenTheOthersMetersKeepCounting() {
        Keygate keygate = keygate(null, null);
        Authenticator first = engine(keygate, EngineSettings.defaults());
        Authenticator second = engine(keygate, EngineSettings.defaults());
        CreatedKey key = create(keygate, "acme");
        get(first, key.plaintext(), "a");
        get(second, key.plaintext(), "a");
        assertThat(registry.get("apikey.auth.requests").tag("outcome", "authenticated").counter().count()).isEqualTo(2);

        first.close();
        engines.remove(first);
        get(second, key.plaintext(), "a");

        assertThat(registry.get("apikey.auth.requests").tag("outcome", "authenticated").counter().count()).isEqualTo(3);
        assertThat(registry.get("apikey.auth.duration").timer().count()).isEqualTo(3);
        assertThat(registry.find("apikey.lastused.pending").gauge()).isNotNull();
        // the cache meters now follow the cache of the engine that is still running
        assertThat(registry.get("cache.size").tag("cache", "apikeys").gauge().value()).isEqualTo(1.0);

        second.close();
        engines.remove(second);
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void twoEnginesOnOneRegistryWhenBothPendingThenGaugeIsTheirSum() {
        Keygate keygate = keygate(null, null);
        Authenticator first = engine(keygate, EngineSettings.defaults());
        Authenticator second = engine(keygate, EngineSettings.defaults());
        get(first, create(keygate, "acme").plaintext(), "a");
        get(second, create(keygate, "acme").plaintext(), "a");
        get(second, create(keygate, "acme").plaintext(), "a");

        assertThat(registry.get("apikey.lastused.pending").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void authenticateWhenEveryCredentialKindThenEachOutcomeKindCountedUnderItsTag() {
        Keygate keygate = keygate(null, null);
        Authenticator engine = engine(keygate, EngineSettings.defaults());

        assertThat(engine.authenticate(Credential.MISSING, "a", "/x", "GET").kind()).isEqualTo(AuthOutcome.Kind.MISSING);
        assertThat(engine.authenticate(Credential.MALFORMED, "a", "/x", "GET")).isEqualTo(new AuthOutcome.Missing(true));
        assertThat(engine.authenticate(Credential.KEY_IN_URL, "a", "/x", "GET").kind())
                .isEqualTo(AuthOutcome.Kind.KEY_IN_URL);

        assertThat(registry.get("apikey.auth.requests").tag("outcome", "missing").counter().count()).isEqualTo(2);
        assertThat(registry.get("apikey.auth.requests").tag("outcome", "bad_request").counter().count()).isEqualTo(1);
    }

    @Test
    void bearerCredentialWhenPrintedThenTokenNotShown() {
        String key = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        assertThat(new Credential.Bearer(key).toString()).doesNotContain(key).doesNotContain(key.substring(8, 20));
    }

    private static List<LogRecord> capture() {
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(Authenticator.class.getName());
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return records;
    }
}
