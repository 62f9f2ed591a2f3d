package io.keygate.token;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issuing: every claim of contract §8, lifetimes, and what a token never carries. */
class TokenIssuerTest {

    private final MutableClock clock = MutableClock.at(T0.plusMillis(700));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ApiKeyService keys = Fixture.keys(clock);
    private TokenService tokens;

    @BeforeEach
    void start() {
        tokens = Fixture.service(new InMemorySigningKeyStore(), clock).meterRegistry(registry).build();
        tokens.start();
    }

    @AfterEach
    void stop() {
        tokens.close();
    }

    @Test
    void issueWhenKeyHasTeamAndRestrictionThenEveryClaimOfTheContract() throws Exception {
        CreatedKey created = Fixture.acmeKey(keys);

        IssuedToken token = tokens.issuer().issue(TokenSubject.of(created.key()));

        Map<String, Object> header = Fixture.header(token.accessToken());
        assertThat(header).containsOnlyKeys("alg", "kid", "typ");
        assertThat(header).containsEntry("alg", "ES256").containsEntry("typ", "JWT")
                .containsEntry("kid", tokens.jwkSet().kids().get(0));
        Map<String, Object> claims = Fixture.payload(token.accessToken());
        assertThat(claims).containsOnlyKeys("iss", "sub", "aud", "iat", "exp", "jti", "org", "team", "env", "scope",
                "restriction");
        assertThat(claims).containsEntry("iss", "keygate").containsEntry("aud", "keygate")
                .containsEntry("sub", created.key().id())
                .containsEntry("iat", T0.getEpochSecond()).containsEntry("exp", T0.getEpochSecond() + 900)
                .containsEntry("org", "acme").containsEntry("team", "team_ops").containsEntry("env", "live")
                .containsEntry("scope", "read write")
                .containsEntry("restriction", Map.of("type", "workflow", "id", "wf_echo"));
        assertThat((String) claims.get("jti")).matches("[A-Za-z0-9_-]{22}");
        assertThat(token.expiresIn()).isEqualTo(900);
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresAt()).isEqualTo(T0.plusSeconds(900));
    }

    @Test
    void issueWhenKeyHasNoTeamNorRestrictionThenThoseClaimsAreAbsent() throws Exception {
        ApiKey key = keys.create(NewKey.builder("globex", Owner.user("u_2")).environment(Environment.TEST)
                .permissions(EnumSet.of(Permission.ADMIN)).build()).key();

        Map<String, Object> claims = Fixture.payload(tokens.issuer().issue(TokenSubject.of(key)).accessToken());

        assertThat(claims).doesNotContainKeys("team", "restriction", "nbf");
        assertThat(claims).containsEntry("env", "test").containsEntry("org", "globex");
        assertThat(claims).as("admin implies write implies read").containsEntry("scope", "read write admin");
    }

    @Test
    void issueWhenReadOnlyKeyThenScopeIsRead() throws Exception {
        ApiKey key = keys.create(NewKey.builder("acme", Owner.user("u_1")).permissions(EnumSet.of(Permission.READ))
                .build()).key();

        assertThat(Fixture.payload(tokens.issuer().issue(TokenSubject.of(key)).accessToken()))
                .containsEntry("scope", "read");
    }

    @Test
    void issueWhenCalledTwiceThenEachTokenHasItsOwnId() {
        ApiKey key = Fixture.acmeKey(keys).key();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(tokens.issuer().issue(TokenSubject.of(key)).tokenId());
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void issueThenTokenCarriesNeitherThePlaintextNorTheHashNorAnyPieceOfTheSecret() throws Exception {
        CreatedKey created = Fixture.acmeKey(keys);
        String plaintext = created.plaintext();

        IssuedToken token = tokens.issuer().issue(TokenSubject.of(created.key()));

        String decoded = Fixture.header(token.accessToken()) + " " + Fixture.payload(token.accessToken());
        String body = plaintext.substring(created.key().prefix().length());
        for (int i = 0; i + 8 <= body.length(); i++) {
            assertThat(decoded).doesNotContain(body.substring(i, i + 8));
            assertThat(token.accessToken()).doesNotContain(body.substring(i, i + 8));
        }
        assertThat(decoded).doesNotContain(created.key().hash()).doesNotContain(created.key().hash().substring(0, 16));
        assertThat(token.toString()).doesNotContain(token.accessToken());
    }

    @Test
    void issueWhenExpiresInGivenThenThatLifetimeWithin60To3600() throws Exception {
        ApiKey key = Fixture.acmeKey(keys).key();

        IssuedToken shortest = tokens.issuer().issue(TokenSubject.of(key), 60);
        IssuedToken longest = tokens.issuer().issue(TokenSubject.of(key), 3600);

        assertThat(shortest.expiresIn()).isEqualTo(60);
        assertThat(Fixture.payload(shortest.accessToken())).containsEntry("exp", T0.getEpochSecond() + 60);
        assertThat(longest.expiresIn()).isEqualTo(3600);
        assertThat(Fixture.payload(longest.accessToken())).containsEntry("exp", T0.getEpochSecond() + 3600);
    }

    @Test
    void issueWhenExpiresInOutsideTheRangeThenRefusedNamingExpiresIn() {
        TokenSubject subject = TokenSubject.of(Fixture.acmeKey(keys).key());

        for (long wrong : List.of(59L, 3601L, 0L, -1L)) {
            assertThatThrownBy(() -> tokens.issuer().issue(subject, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expires_in must be a whole number of seconds from 60 to 3600");
        }
        assertThat(registry.get(TokenMeters.ISSUED).counter().count()).isZero();
    }

    @Test
    void issueWhenKeyExpiresBeforeTheLifetimeThenTokenExpiresWithTheKey() throws Exception {
        ApiKey key = keys.create(NewKey.builder("acme", Owner.user("u_1"))
                .expiresAt(T0.plusSeconds(300).plusMillis(999)).build()).key();

        IssuedToken token = tokens.issuer().issue(TokenSubject.of(key), 3600);

        assertThat(token.expiresIn()).isEqualTo(300);
        assertThat(Fixture.payload(token.accessToken())).containsEntry("exp", T0.getEpochSecond() + 300);
    }

    @Test
    void issueWhenKeyHasExpiredThenRefused() {
        TokenSubject subject = new TokenSubject("key_gone", "acme", null, Environment.LIVE, Set.of(Permission.READ),
                null, T0.minusSeconds(1));

        assertThatThrownBy(() -> tokens.issuer().issue(subject)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void issueThenCountedInTokensIssued() {
        ApiKey key = Fixture.acmeKey(keys).key();

        tokens.issuer().issue(TokenSubject.of(key));
        tokens.issuer().issue(TokenSubject.of(key), 60);

        assertThat(registry.get(TokenMeters.ISSUED).counter().count()).isEqualTo(2);
    }

    @Test
    void issueWhenServiceNotStartedThenUnavailable() {
        try (TokenService idle = Fixture.service(new InMemorySigningKeyStore(), clock).build()) {
            assertThatThrownBy(() -> idle.issuer().issue(TokenSubject.of(Fixture.acmeKey(keys).key())))
                    .isInstanceOf(TokenUnavailableException.class).hasMessageContaining("not been loaded");
        }
    }

    @Test
    void issueWhenConfiguredIssuerAndAudienceThenThoseInTheToken() throws Exception {
        try (TokenService custom = Fixture.service(new InMemorySigningKeyStore(), clock)
                .settings(TokenSettings.builder().issuer("https://api.example.com").audience("workflows")
                        .defaultLifetime(Duration.ofSeconds(120)).build()).build()) {
            custom.start();

            IssuedToken token = custom.issuer().issue(TokenSubject.of(Fixture.acmeKey(keys).key()));

            assertThat(Fixture.payload(token.accessToken())).containsEntry("iss", "https://api.example.com")
                    .containsEntry("aud", "workflows").containsEntry("exp", T0.getEpochSecond() + 120);
        }
    }

    /**
     * The length the token path of the filter must accept: a typical token and one with every id at its longest
     * (64 characters). Both stay well under {@link TokenClaims#MAX_TOKEN_LENGTH}; the typical one is already twice
     * the 256 characters the filter accepts for API keys.
     */
    @Test
    void issueThenTokenLengthWithinTheVerifiersBound() {
        String typical = tokens.issuer().issue(TokenSubject.of(Fixture.acmeKey(keys).key())).accessToken();
        String id64 = "x".repeat(64);
        String longest = tokens.issuer().issue(new TokenSubject("key_" + "k".repeat(60), id64, id64,
                Environment.LIVE, EnumSet.allOf(Permission.class), new Restriction(id64, id64),
                Instant.MAX)).accessToken();

        System.out.println("token lengths: typical " + typical.length() + ", longest ids " + longest.length());
        assertThat(typical.length()).isBetween(400, 700);
        assertThat(longest.length()).isBetween(typical.length(), 1100);
        assertThat(TokenVerifier.wellShaped(longest)).isTrue();
        assertThat(tokens.verifier().verify(longest)).isInstanceOf(TokenVerification.Verified.class);
    }
}
