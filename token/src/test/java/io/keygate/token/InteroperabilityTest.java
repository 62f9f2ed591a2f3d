package io.keygate.token;

import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.testing.MutableClock;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A different, independent JOSE library (jose4j, not nimbus) verifies keygate's tokens against the JWK Set keygate
 * serves: what any resource server or client library does with them.
 */
class InteroperabilityTest {

    private final MutableClock clock = MutableClock.at(T0);
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();

    private JwtConsumer jose4j(JwkSetDocument served) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(served.json());
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer("keygate")
                .setExpectedAudience("keygate")
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(5)
                .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
                .build();
    }

    @Test
    void jose4jWhenGivenTheServedJwkSetThenVerifiesKeygatesTokenAndReadsEveryClaim() throws Exception {
        TokenSubject subject = TokenSubject.of(Fixture.acmeKey(Fixture.keys(clock)).key());
        try (TokenService tokens = Fixture.started(store, clock)) {
            IssuedToken token = tokens.issuer().issue(subject);

            JwtClaims claims = jose4j(tokens.jwkSet()).processToClaims(token.accessToken());

            assertThat(claims.getSubject()).isEqualTo(subject.keyId());
            assertThat(claims.getIssuer()).isEqualTo("keygate");
            assertThat(claims.getAudience()).containsExactly("keygate");
            assertThat(claims.getExpirationTime().getValue()).isEqualTo(T0.getEpochSecond() + 900);
            assertThat(claims.getJwtId()).isEqualTo(token.tokenId());
            assertThat(claims.getStringClaimValue("org")).isEqualTo("acme");
            assertThat(claims.getStringClaimValue("team")).isEqualTo("team_ops");
            assertThat(claims.getStringClaimValue("env")).isEqualTo("live");
            assertThat(claims.getStringClaimValue("scope")).isEqualTo("read write");
            assertThat(claims.getClaimValue("restriction", Map.class)).containsEntry("type", "workflow")
                    .containsEntry("id", "wf_echo");
        }
    }

    @Test
    void jose4jWhenKeysRotatedThenVerifiesTokensOfTheOldAndTheNewKeyFromOneJwkSet() throws Exception {
        TokenSubject subject = TokenSubject.of(Fixture.acmeKey(Fixture.keys(clock)).key());
        try (TokenService tokens = Fixture.started(store, clock)) {
            clock.set(T0.plus(TokenSettings.DEFAULT_ROTATION_PERIOD).minus(TokenSettings.DEFAULT_KEY_PUBLISH_LEAD));
            tokens.refresh();
            clock.set(T0.plus(TokenSettings.DEFAULT_ROTATION_PERIOD).minusSeconds(600));
            IssuedToken old = tokens.issuer().issue(subject, 3600);
            clock.advance(Duration.ofSeconds(600));
            IssuedToken fresh = tokens.issuer().issue(subject);
            assertThat(fresh.kid()).isNotEqualTo(old.kid());

            JwtConsumer consumer = jose4j(tokens.jwkSet());

            assertThat(consumer.processToClaims(old.accessToken()).getSubject()).isEqualTo(subject.keyId());
            assertThat(consumer.processToClaims(fresh.accessToken()).getSubject()).isEqualTo(subject.keyId());
        }
    }

    @Test
    void jose4jWhenTokenAlteredOrExpiredThenRejectsItToo() throws Exception {
        TokenSubject subject = TokenSubject.of(Fixture.acmeKey(Fixture.keys(clock)).key());
        try (TokenService tokens = Fixture.started(store, clock)) {
            String token = tokens.issuer().issue(subject, 60).accessToken();
            String[] parts = token.split("\\.");
            String altered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A')
                    + parts[2].substring(1);

            assertThatThrownBy(() -> jose4j(tokens.jwkSet()).processToClaims(altered))
                    .isInstanceOf(InvalidJwtException.class);
            clock.advance(Duration.ofSeconds(66));
            assertThatThrownBy(() -> jose4j(tokens.jwkSet()).processToClaims(token))
                    .isInstanceOf(InvalidJwtException.class).hasMessageContaining("no longer valid");
        }
    }
}
