package io.keygate.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.keygate.keys.ApiKey;
import io.keygate.metrics.Meters;
import io.keygate.service.ApiKeyService;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.store.StoredSigningKey;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing keys across time and nodes: rotation, several nodes on one store, restarts, the secret, the JWK Set. */
class TokenServiceTest {

    private static final Duration PERIOD = TokenSettings.DEFAULT_ROTATION_PERIOD;
    private static final Duration LEAD = TokenSettings.DEFAULT_KEY_PUBLISH_LEAD;

    private final MutableClock clock = MutableClock.at(T0);
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final ApiKeyService keys = Fixture.keys(clock);
    private final TokenSubject subject = TokenSubject.of(Fixture.acmeKey(keys).key());

    private static TokenVerification.Kind kind(TokenService service, String token) {
        return service.verifier().verify(token).kind();
    }

    @Test
    void rotationWhenDueThenSuccessorPublishedAheadSignsAtItsTurnAndOldTokensStayValidUntilTheyExpire() {
        try (TokenService node = Fixture.started(store, clock)) {
            String first = node.jwkSet().kids().get(0);

            clock.set(T0.plus(PERIOD).minus(LEAD).minusSeconds(1));
            node.refresh();
            assertThat(node.jwkSet().kids()).as("not due yet").containsExactly(first);

            clock.set(T0.plus(PERIOD).minus(LEAD));
            node.refresh();
            assertThat(node.jwkSet().kids()).as("published a lead ahead").hasSize(2).startsWith(first);
            String second = node.jwkSet().kids().get(1);
            assertThat(node.issuer().issue(subject).kid()).as("the old key signs until the switch").isEqualTo(first);

            clock.set(T0.plus(PERIOD).minusSeconds(600));
            IssuedToken lastOfTheOld = node.issuer().issue(subject, 3600);
            assertThat(lastOfTheOld.kid()).isEqualTo(first);

            clock.set(T0.plus(PERIOD));
            assertThat(node.issuer().issue(subject).kid()).isEqualTo(second);
            assertThat(kind(node, lastOfTheOld.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);

            clock.set(lastOfTheOld.expiresAt().plusSeconds(4));
            node.refresh();
            assertThat(node.jwkSet().kids()).as("kept while its tokens may be current").containsExactly(first, second);
            assertThat(kind(node, lastOfTheOld.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);

            clock.set(T0.plus(PERIOD).plus(TokenSettings.MAX_LIFETIME).plusSeconds(5));
            node.refresh();
            assertThat(node.jwkSet().kids()).as("gone once its last token expired").containsExactly(second);
            assertThat(store.findAll()).as("the row stays a day longer").hasSize(2);

            clock.advance(Duration.ofDays(1));
            node.refresh();
            assertThat(store.findAll()).extracting(StoredSigningKey::kid).containsExactly(second);
        }
    }

    @Test
    void rotationWhenTheClusterWasDownPastTheSwitchThenSuccessorStillPublishedAheadAndOldKeySignsMeanwhile() {
        try (TokenService node = Fixture.started(store, clock)) {
            String first = node.jwkSet().kids().get(0);

            clock.set(T0.plus(PERIOD).plusSeconds(10 * 86_400));
            node.refresh();

            StoredSigningKey successor = store.findAll().get(1);
            assertThat(successor.activatesAt()).isEqualTo(clock.instant().plus(LEAD));
            assertThat(node.issuer().issue(subject).kid()).isEqualTo(first);
            clock.advance(LEAD);
            assertThat(node.issuer().issue(subject).kid()).isEqualTo(successor.kid());
        }
    }

    @Test
    void twoNodesOnOneStoreWhenEachIssuesThenTheOtherVerifies() {
        try (TokenService a = Fixture.started(store, clock); TokenService b = Fixture.started(store, clock)) {
            IssuedToken fromA = a.issuer().issue(subject);
            IssuedToken fromB = b.issuer().issue(subject);

            assertThat(fromA.kid()).isEqualTo(fromB.kid());
            assertThat(kind(b, fromA.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);
            assertThat(kind(a, fromB.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);
            assertThat(a.jwkSet().json()).isEqualTo(b.jwkSet().json());
        }
    }

    @Test
    void twoNodesWhenOneRotatesThenTheOtherLearnsTheKeyBeforeItSignsAndBothSignWithIt() {
        try (TokenService a = Fixture.started(store, clock); TokenService b = Fixture.started(store, clock)) {
            clock.set(T0.plus(PERIOD).minus(LEAD));
            b.refresh();
            String next = b.jwkSet().kids().get(1);

            clock.advance(LEAD.dividedBy(2));
            a.refresh();
            clock.set(T0.plus(PERIOD));
            IssuedToken fromB = b.issuer().issue(subject);

            assertThat(fromB.kid()).isEqualTo(next);
            assertThat(a.issuer().issue(subject).kid()).isEqualTo(next);
            assertThat(kind(a, fromB.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);
            assertThat(store.findAll()).hasSize(2);
        }
    }

    @Test
    void nodesStartingAtOnceThenOneSigningKeyNotTwo() throws Exception {
        int nodes = 6;
        for (int round = 0; round < 10; round++) {
            InMemorySigningKeyStore shared = new InMemorySigningKeyStore();
            CyclicBarrier start = new CyclicBarrier(nodes);
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            List<TokenService> started = new ArrayList<>();
            try {
                List<Future<TokenService>> results = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    results.add(pool.submit(() -> {
                        TokenService s = Fixture.service(shared, clock).build();
                        start.await(30, TimeUnit.SECONDS);
                        s.start();
                        return s;
                    }));
                }
                for (Future<TokenService> r : results) {
                    started.add(r.get(60, TimeUnit.SECONDS));
                }
                assertThat(shared.findAll()).hasSize(1);
                String kid = shared.findAll().get(0).kid();
                for (TokenService s : started) {
                    assertThat(s.issuer().issue(subject).kid()).isEqualTo(kid);
                }
            } finally {
                pool.shutdownNow();
                started.forEach(TokenService::close);
            }
        }
    }

    @Test
    void restartWhenSameStoreAndSecretThenTokensIssuedBeforeStillVerify() {
        IssuedToken before;
        try (TokenService node = Fixture.started(store, clock)) {
            before = node.issuer().issue(subject);
        }
        try (TokenService restarted = Fixture.started(store, clock)) {
            assertThat(kind(restarted, before.accessToken())).isEqualTo(TokenVerification.Kind.VERIFIED);
            assertThat(restarted.issuer().issue(subject).kid()).isEqualTo(before.kid());
        }
    }

    @Test
    void startWhenSecretDiffersFromTheOneTheKeysWereSealedWithThenRefusesNamingTheSecret() {
        Fixture.started(store, clock).close();

        try (TokenService wrong = Fixture.service(store, clock).secret("another secret of some length").build();
             TokenService none = Fixture.service(store, clock).secret(null).build()) {
            assertThatThrownBy(wrong::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("token secret does not open the current signing key")
                    .hasMessageNotContaining("another secret");
            assertThatThrownBy(none::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("secret");
        }
    }

    @Test
    void startWhenNoSecretThenOneWarningAndPrivatePartsStoredPlain() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(TokenService.class.getName());
        logger.addHandler(capture);
        try (TokenService plain = Fixture.service(store, clock).secret(null).build()) {
            plain.start();

            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).contains("no token secret is set").contains("UNENCRYPTED");
            assertThat(store.findAll().get(0).privatePart()[0]).isZero();
            assertThat(kind(plain, plain.issuer().issue(subject).accessToken()))
                    .isEqualTo(TokenVerification.Kind.VERIFIED);
        } finally {
            logger.removeHandler(capture);
        }
        warnings.clear();
        logger.addHandler(capture);
        try (TokenService sealed = Fixture.started(new InMemorySigningKeyStore(), clock)) {
            assertThat(warnings).isEmpty();
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void startWithSecretThenStoredPrivatePartIsSealedAndHoldsNoKeyMaterial() throws Exception {
        try (TokenService node = Fixture.started(store, clock)) {
            StoredSigningKey row = store.findAll().get(0);
            String stored = new String(row.privatePart(), StandardCharsets.ISO_8859_1);

            assertThat(row.privatePart()[0]).isEqualTo((byte) 1);
            assertThat(stored).doesNotContain("\"d\"").doesNotContain("EC").doesNotContain(row.kid());
            assertThat(row.publicJwk()).doesNotContain("\"d\"");
            assertThat(JWK.parse(row.publicJwk()).isPrivate()).isFalse();
        }
    }

    @Test
    void jwkSetThenPublicKeysOnlyWithUseAlgKidAndCacheHeader() throws Exception {
        try (TokenService node = Fixture.started(store, clock)) {
            JwkSetDocument doc = node.jwkSet();
            JWKSet set = JWKSet.parse(doc.json());

            assertThat(set.getKeys()).hasSize(1);
            JWK key = set.getKeys().get(0);
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.toJSONObject()).containsEntry("kty", "EC").containsEntry("crv", "P-256")
                    .containsEntry("use", "sig").containsEntry("alg", "ES256")
                    .containsEntry("kid", doc.kids().get(0)).containsKeys("x", "y").doesNotContainKey("d");
            assertThat(doc.cacheControl()).isEqualTo("public, max-age=900");
            assertThat(JwkSetDocument.CONTENT_TYPE).isEqualTo("application/jwk-set+json");
        }
    }

    @Test
    void refreshWhenAStoredKeyIsUnusableThenCountedAndTheOthersKeepWorking() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TokenService node = Fixture.service(store, clock).meterRegistry(registry).build()) {
            node.start();
            store.insertIfAbsent(new StoredSigningKey("broken-key", "ES256", 2, "{\"not\":\"a jwk\"}",
                    new byte[]{0, 1}, T0, T0.plus(PERIOD), T0.plus(PERIOD).plus(PERIOD)));

            node.refresh();
            node.refresh();

            assertThat(registry.get(Meters.BACKEND_ERRORS).tag(Meters.COMPONENT, Meters.COMPONENT_TOKENS).counter()
                    .count()).as("once per key").isEqualTo(1);
            assertThat(node.jwkSet().kids()).doesNotContain("broken-key").hasSize(1);
            assertThat(kind(node, node.issuer().issue(subject).accessToken()))
                    .isEqualTo(TokenVerification.Kind.VERIFIED);
        }
    }

    /** A row that pairs the cluster's public key with someone else's private key (sealed with the right secret). */
    @Test
    void startWhenPrivatePartBelongsToAnotherKeyThenThatKeyNeverSignsButStaysPublished() throws Exception {
        Fixture.started(store, clock).close();
        StoredSigningKey original = store.findAll().get(0);
        InMemorySigningKeyStore tampered = new InMemorySigningKeyStore();
        tampered.insertIfAbsent(new StoredSigningKey(original.kid(), original.algorithm(), 1, original.publicJwk(),
                resealedForeignKey(original.kid()), original.createdAt(), original.activatesAt(),
                original.retiresAt()));

        try (TokenService node = Fixture.service(tampered, clock).build()) {
            assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no token signing key can sign");
            assertThat(node.jwkSet().kids()).containsExactly(original.kid());
            assertThatThrownBy(() -> node.issuer().issue(subject)).isInstanceOf(TokenUnavailableException.class);
        }
    }

    private static byte[] resealedForeignKey(String kid) throws Exception {
        com.nimbusds.jose.jwk.ECKey foreign = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID(kid).generate();
        return new io.keygate.token.signing.PrivatePartCipher(Fixture.SECRET, Fixture.TEST_ITERATIONS)
                .seal(kid, foreign.toJSONString());
    }

    @Test
    void closeThenMetersOfThisServiceRemoved() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TokenService node = Fixture.service(store, clock).meterRegistry(registry).build();
        assertThat(registry.find(TokenMeters.ISSUED).counter()).isNotNull();
        assertThat(registry.find(TokenMeters.VERIFICATIONS).counters()).hasSize(TokenMeters.RESULTS.size());

        node.close();

        assertThat(registry.find(TokenMeters.ISSUED).counter()).isNull();
    }

    @Test
    void issuedTokenWhenApiKeyStoredThenSubjectIsItsId() {
        ApiKey key = Fixture.acmeKey(keys).key();
        try (TokenService node = Fixture.started(store, clock)) {
            TokenVerification v = node.verifier().verify(node.issuer().issue(TokenSubject.of(key)).accessToken());

            assertThat(((TokenVerification.Verified) v).keyId()).isEqualTo(key.id());
            assertThat(((TokenVerification.Verified) v).expiresAt()).isEqualTo(Instant.from(T0).plusSeconds(900));
        }
    }
}
