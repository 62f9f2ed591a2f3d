package io.keygate.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.store.StoredSigningKey;
import io.keygate.testing.MutableClock;
import io.keygate.token.TokenVerification.Reason;
import io.keygate.token.signing.PrivatePartCipher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Verifying: every rejection, the leeway, and the verdict cache. */
class TokenVerifierTest {

    private final MutableClock clock = MutableClock.at(T0);
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TokenService tokens;
    private TokenVerifier verifier;
    private ECKey signingKey;

    @BeforeEach
    void start() throws Exception {
        tokens = Fixture.service(store, clock).meterRegistry(registry).build();
        tokens.start();
        verifier = tokens.verifier();
        StoredSigningKey row = store.findAll().get(0);
        signingKey = (ECKey) JWK.parse(new PrivatePartCipher(Fixture.SECRET).open(row.kid(), row.privatePart()));
    }

    @AfterEach
    void stop() {
        tokens.close();
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("keygate").audience("keygate").subject("key_abc")
                .issueTime(Date.from(T0)).expirationTime(Date.from(T0.plusSeconds(900))).jwtID("jti-1")
                .claim("org", "acme").claim("env", "live").claim("scope", "read");
    }

    private JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String genuine(JWTClaimsSet claims) throws Exception {
        return sign(header().build(), claims, new ECDSASigner(signingKey));
    }

    private Reason reason(String token) {
        TokenVerification v = verifier.verify(token);
        assertThat(v).isInstanceOf(TokenVerification.Rejected.class);
        return ((TokenVerification.Rejected) v).reason();
    }

    @Test
    void verifyWhenIssuedByThisClusterThenActsForItsKeyUntilExpiry() throws Exception {
        String token = genuine(claims().build());

        TokenVerification v = verifier.verify(token);

        assertThat(v).isEqualTo(new TokenVerification.Verified("key_abc", T0.plusSeconds(900), signingKey.getKeyID(),
                "jti-1"));
        assertThat(v.kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
    }

    @Test
    void verifyWhenSignedByAnotherKeyUnderTheSameKidThenBadSignature() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(signingKey.getKeyID()).generate();

        assertThat(reason(sign(header().build(), claims().build(), new ECDSASigner(impostor))))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenPayloadAlteredThenBadSignature() throws Exception {
        String[] parts = genuine(claims().build()).split("\\.");
        String altered = Base64URL.encode(claims().subject("key_admin").build().toString()).toString();

        assertThat(reason(parts[0] + "." + altered + "." + parts[2])).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenSignatureIsAllZerosThenBadSignature() throws Exception {
        String[] parts = genuine(claims().build()).split("\\.");

        assertThat(reason(parts[0] + "." + parts[1] + "." + Base64URL.encode(new byte[64])))
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenKidUnknownOrMissingThenUnknownKey() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("someone-else").generate();

        assertThat(reason(sign(header().keyID("someone-else").build(), claims().build(), new ECDSASigner(other))))
                .isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(reason(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), claims().build(),
                new ECDSASigner(signingKey)))).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void verifyWhenIssuerOrAudienceWrongThenRejected() throws Exception {
        assertThat(reason(genuine(claims().issuer("someone").build()))).isEqualTo(Reason.WRONG_ISSUER);
        assertThat(reason(genuine(claims().issuer(null).build()))).isEqualTo(Reason.WRONG_ISSUER);
        assertThat(reason(genuine(claims().audience("another-api").build()))).isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(reason(genuine(claims().audience((String) null).build()))).isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void verifyWhenAudienceIsAnArrayWithOursThenAccepted() throws Exception {
        assertThat(verifier.verify(genuine(claims().audience(List.of("other", "keygate")).build())).kind())
                .isEqualTo(TokenVerification.Kind.VERIFIED);
    }

    @Test
    void verifyWhenExpiredBeyondTheLeewayThenExpiredAndWithinItStillValid() throws Exception {
        String token = genuine(claims().build());

        clock.set(T0.plusSeconds(900 + 4));
        assertThat(verifier.verify(token).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
        clock.set(T0.plusSeconds(900 + 5));
        assertThat(reason(token)).isEqualTo(Reason.EXPIRED);
        assertThat(verifier.verify(token).kind()).isEqualTo(TokenVerification.Kind.EXPIRED);
    }

    @Test
    void verifyWhenFirstSeenAfterExpiryThenExpired() throws Exception {
        clock.set(T0.plusSeconds(3600));

        assertThat(reason(genuine(claims().build()))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void verifyWhenExpiredButForgedThenInvalidNotExpired() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(signingKey.getKeyID()).generate();
        clock.set(T0.plusSeconds(3600));

        TokenVerification v = verifier.verify(sign(header().build(), claims().build(), new ECDSASigner(impostor)));

        assertThat(v.kind()).isEqualTo(TokenVerification.Kind.INVALID);
    }

    @Test
    void verifyWhenIssuedInTheFutureBeyondTheLeewayThenNotYetValid() throws Exception {
        assertThat(reason(genuine(claims().issueTime(Date.from(T0.plusSeconds(6)))
                .expirationTime(Date.from(T0.plusSeconds(906))).build()))).isEqualTo(Reason.NOT_YET_VALID);
        assertThat(reason(genuine(claims().notBeforeTime(Date.from(T0.plusSeconds(60))).build())))
                .isEqualTo(Reason.NOT_YET_VALID);
        assertThat(verifier.verify(genuine(claims().issueTime(Date.from(T0.plusSeconds(5)))
                .expirationTime(Date.from(T0.plusSeconds(905))).build())).kind())
                .as("within the leeway").isEqualTo(TokenVerification.Kind.VERIFIED);
    }

    @Test
    void verifyWhenNotYetValidTokenBecomesValidThenAcceptedDespiteTheEarlierVerdict() throws Exception {
        String early = genuine(claims().issueTime(Date.from(T0.plusSeconds(30)))
                .expirationTime(Date.from(T0.plusSeconds(930))).build());
        assertThat(reason(early)).isEqualTo(Reason.NOT_YET_VALID);

        clock.set(T0.plusSeconds(25));

        assertThat(verifier.verify(early).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
    }

    @Test
    void verifyWhenAlgNoneThenRejected() throws Exception {
        String payload = Base64URL.encode(claims().build().toString()).toString();
        String none = Base64URL.encode("{\"alg\":\"none\"}").toString();
        String noneWithKid = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + signingKey.getKeyID() + "\"}")
                .toString();
        String signature = genuine(claims().build()).split("\\.")[2];

        assertThat(reason(none + "." + payload + ".")).isEqualTo(Reason.MALFORMED);
        assertThat(verifier.verify(none + "." + payload + "." + signature).kind())
                .isEqualTo(TokenVerification.Kind.INVALID);
        assertThat(verifier.verify(noneWithKid + "." + payload + "." + signature).kind())
                .isEqualTo(TokenVerification.Kind.INVALID);
    }

    /** The classic key-confusion attack: HMAC with the published public key as the shared secret. */
    @Test
    void verifyWhenAlgSwappedToHs256WithThePublicKeyAsSecretThenUnsupportedAlgorithm() throws Exception {
        JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.getKeyID()).build();
        byte[] publicJwk = tokens.jwkSet().json().getBytes(StandardCharsets.UTF_8);
        byte[] publicDer = signingKey.toECPublicKey().getEncoded();

        assertThat(reason(sign(hs256, claims().build(), new MACSigner(publicJwk))))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(reason(sign(hs256, claims().build(), new MACSigner(publicDer))))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(reason(sign(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(signingKey.getKeyID()).build(),
                claims().build(), new ECDSASigner(new ECKeyGenerator(Curve.P_384).generate()))))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verifyWhenCriticalHeaderThenUnsupported() throws Exception {
        JWSHeader crit = header().criticalParams(Set.of("exp")).customParam("exp", 1).build();

        assertThat(reason(sign(crit, claims().build(), new ECDSASigner(signingKey))))
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verifyWhenTruncatedThenInvalid() throws Exception {
        String token = genuine(claims().build());

        assertThat(verifier.verify(token.substring(0, token.length() - 8)).kind())
                .isEqualTo(TokenVerification.Kind.INVALID);
        assertThat(reason(token.substring(0, token.lastIndexOf('.')))).isEqualTo(Reason.MALFORMED);
        assertThat(reason(token.substring(0, token.lastIndexOf('.') + 1))).isEqualTo(Reason.MALFORMED);
        assertThat(reason(token.substring(0, 40))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void verifyWhenOversizedThenMalformedWithoutAnyCheck() throws Exception {
        String padded = genuine(claims().claim("pad", "x".repeat(1600)).build());
        assertThat(padded.length()).isGreaterThan(TokenClaims.MAX_TOKEN_LENGTH);

        assertThat(reason(padded)).isEqualTo(Reason.MALFORMED);
        assertThat(reason("a".repeat(3000) + ".b.c")).isEqualTo(Reason.MALFORMED);
        assertThat(verifier.checks()).isZero();
    }

    @Test
    void verifyWhenNotBase64UrlThenMalformedWithoutAnyCheck() throws Exception {
        String token = genuine(claims().build());
        String[] parts = token.split("\\.");

        for (String bad : List.of(parts[0] + "=." + parts[1] + "." + parts[2], token.replace('-', '+').replace('_', '/')
                + "+/", parts[0] + "." + parts[1] + " ." + parts[2], token + "é", "a.b.c.d", "..", "abc",
                parts[0] + ".." + parts[2], "a.b.c")) {
            assertThat(reason(bad)).as(bad).isEqualTo(Reason.MALFORMED);
        }
        assertThat(verifier.checks()).isZero();
    }

    @Test
    void verifyWhenSegmentsAreNotJsonThenMalformed() {
        assertThat(reason("YWJj.ZGVm.Z2hp")).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void verifyWhenClaimsMissingOrOfTheWrongTypeThenMissingClaim() throws Exception {
        assertThat(reason(genuine(claims().subject(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(reason(genuine(claims().subject("has space").build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(reason(genuine(claims().expirationTime(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(reason(genuine(claims().issueTime(null).build()))).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(reason(genuine(claims().claim("exp", "tomorrow").build()))).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void verifyWhenLifetimeLongerThanKeygateIssuesThenRejected() throws Exception {
        assertThat(reason(genuine(claims().expirationTime(Date.from(T0.plusSeconds(3601))).build())))
                .isEqualTo(Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void verifyWhenServiceNotStartedThenUnavailableAndNothingCached() throws Exception {
        String token = genuine(claims().build());
        try (TokenService idle = Fixture.service(store, clock).build()) {
            TokenVerification v = idle.verifier().verify(token);

            assertThat(v.kind()).isEqualTo(TokenVerification.Kind.UNAVAILABLE);
            assertThat(idle.verifier().cachedVerdicts()).isZero();
        }
    }

    // ---- the cache ----

    @Test
    void verifyWhenSameTokenAgainThenAnsweredFromTheCacheWithoutAnotherCheck() throws Exception {
        String token = genuine(claims().build());

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(token).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
        }

        assertThat(verifier.checks()).isEqualTo(1);
        assertThat(registry.get(TokenMeters.VERIFICATIONS).tag(TokenMeters.RESULT, "verified").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(TokenMeters.VERIFICATIONS).tag(TokenMeters.RESULT, "cached").counter().count())
                .isEqualTo(4);
    }

    @Test
    void verifyWhenForgedTokenAgainThenItsSignatureIsCheckedOnce() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(signingKey.getKeyID()).generate();
        String forged = sign(header().build(), claims().build(), new ECDSASigner(impostor));

        for (int i = 0; i < 5; i++) {
            assertThat(reason(forged)).isEqualTo(Reason.BAD_SIGNATURE);
        }

        assertThat(verifier.checks()).isEqualTo(1);
        assertThat(registry.get(TokenMeters.VERIFICATIONS).tag(TokenMeters.RESULT, "invalid").counter().count())
                .isEqualTo(5);
    }

    @Test
    void verifyWhenManyThreadsPresentTheSameNewTokenAtOnceThenOneCheck() throws Exception {
        ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(signingKey.getKeyID()).generate();
        String forged = sign(header().build(), claims().build(), new ECDSASigner(impostor));
        String valid = genuine(claims().build());
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<TokenVerification.Kind>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return List.of(verifier.verify(forged).kind(), verifier.verify(valid).kind());
                }));
            }
            for (Future<List<TokenVerification.Kind>> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).containsExactly(TokenVerification.Kind.INVALID,
                        TokenVerification.Kind.VERIFIED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verifier.checks()).isEqualTo(2);
    }

    @Test
    void cacheWhenTokenExpiresThenItsEntryGoesWithIt() throws Exception {
        String token = genuine(claims().expirationTime(Date.from(T0.plusSeconds(60))).build());
        verifier.verify(token);
        assertThat(verifier.cachedVerdicts()).isEqualTo(1);

        clock.set(T0.plusSeconds(60 + 5));

        assertThat(verifier.cachedVerdicts()).isZero();
    }

    @Test
    void cacheWhenRejectedVerdictIsOlderThanItsTtlThenForgotten() {
        verifier.verify("YWJj.ZGVm.Z2hp");
        assertThat(verifier.cachedVerdicts()).isEqualTo(1);

        clock.advance(TokenSettings.DEFAULT_REJECTED_TTL);

        assertThat(verifier.cachedVerdicts()).isZero();
    }

    @Test
    void cacheWhenFullThenBoundedBySize() throws Exception {
        try (TokenService small = Fixture.service(store, clock)
                .settings(TokenSettings.builder().cacheMaxSize(10).build()).build()) {
            small.start();
            for (int i = 0; i < 200; i++) {
                small.verifier().verify(genuine(claims().jwtID("t" + i).build()));
            }

            assertThat(small.verifier().cachedVerdicts()).isLessThanOrEqualTo(10);
        }
    }

    /** A key made by another node after this one last read the store: unknown until the next refresh, then valid. */
    @Test
    void verifyWhenKidBecomesKnownOnRefreshThenTheEarlierUnknownVerdictIsForgotten() throws Exception {
        ECKey newer = new ECKeyGenerator(Curve.P_256).keyID("newer-key-0000").generate();
        store.insertIfAbsent(new StoredSigningKey("newer-key-0000", "ES256", 2,
                newer.toPublicJWK().toJSONString(),
                new PrivatePartCipher(Fixture.SECRET, Fixture.TEST_ITERATIONS).seal("newer-key-0000",
                        newer.toJSONString()), T0, T0, T0.plus(Duration.ofDays(30))));
        String token = sign(header().keyID("newer-key-0000").build(), claims().build(), new ECDSASigner(newer));
        assertThat(reason(token)).isEqualTo(Reason.UNKNOWN_KEY);

        tokens.refresh();

        assertThat(verifier.verify(token).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
    }

    @Test
    void looksLikeJwsWhenTwoDotsThenTrueAndApiKeysNever() {
        assertThat(TokenVerifier.looksLikeJws("a.b.c")).isTrue();
        assertThat(TokenVerifier.looksLikeJws("a..")).isTrue();
        assertThat(TokenVerifier.looksLikeJws("sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7")).isFalse();
        assertThat(TokenVerifier.looksLikeJws("a.b")).isFalse();
    }

    @Test
    void verifyWhenRejectedThenNoExceptionForAnyGarbage() {
        for (String garbage : List.of("", ".", "..", "...", "a.b.c", "eyJ.eyJ.eyJ", "e30.e30.e30", "e30.e30.",
                "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", "eyJhbGciOiJFUzI1NiIsImtpZCI6MX0.e30.AAAA", "W10.W10.W10")) {
            assertThat(verifier.verify(garbage).kind()).as(garbage).isEqualTo(TokenVerification.Kind.INVALID);
        }
    }

    @Test
    void rejectedReasonsThenEachMapsToItsKind() {
        assertThat(Reason.EXPIRED.kind()).isEqualTo(TokenVerification.Kind.EXPIRED);
        assertThat(Reason.NO_KEYS.kind()).isEqualTo(TokenVerification.Kind.UNAVAILABLE);
        for (Reason r : Reason.values()) {
            assertThat(r.rejected().reason()).isEqualTo(r);
        }
    }
}
