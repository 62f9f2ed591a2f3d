package io.keygate.token;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.testing.MutableClock;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine with the token path plugged in: a token acts as its key, and dies with it. */
class TokenPathEngineTest {

    private static final String CLIENT = "203.0.113.9";
    private static final String PATH = "/developer/api/workflows";

    private final MutableClock clock = MutableClock.at(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TokenService tokens;
    private Keygate keygate;
    private Authenticator engine;

    @BeforeEach
    void start() {
        tokens = Fixture.service(new InMemorySigningKeyStore(), clock).meterRegistry(registry).build();
        tokens.start();
        keygate = Keygate.builder().store(new InMemoryApiKeyStore()).clock(clock).meterRegistry(registry)
                .tokens(tokens.bearerTokens()).build();
        engine = new Authenticator(keygate, EngineSettings.builder()
                .restriction("workflow", "/developer/api/workflows/{id}/**")
                .failedAuthLimit(new Limit(5, 60)).build());
    }

    @AfterEach
    void stop() {
        engine.close();
        keygate.close();
        tokens.close();
    }

    private String tokenFor(ApiKey key) {
        return tokens.issuer().issue(TokenSubject.of(key)).accessToken();
    }

    private AuthOutcome call(String credential, String path, String method) {
        return engine.authenticate(new Credential.Bearer(credential), CLIENT, path, method);
    }

    private CreatedKey key(NewKey.Builder spec) {
        return keygate.service().create(spec.build());
    }

    @Test
    void tokenWhenKeyActiveThenAuthenticatedAsTheKeyAndMarkedAsToken() {
        CreatedKey key = key(NewKey.builder("acme", Owner.user("u_1")));

        AuthOutcome outcome = call(tokenFor(key.key()), PATH, "GET");

        assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
        AuthOutcome.Authenticated ok = (AuthOutcome.Authenticated) outcome;
        assertThat(ok.key().id()).isEqualTo(key.key().id());
        assertThat(ok.viaToken()).isTrue();
        assertThat(((AuthOutcome.Authenticated) call(key.plaintext(), PATH, "GET")).viaToken()).isFalse();
    }

    @Test
    void tokenWhenKeyRevokedThenRefusedAtOnce() {
        CreatedKey key = key(NewKey.builder("acme", Owner.user("u_1")));
        String token = tokenFor(key.key());
        assertThat(call(token, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);

        keygate.service().revoke(key.key().id());

        assertThat(call(token, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.REVOKED);
    }

    @Test
    void tokenWhenKeyRotatedWithoutGraceThenRefusedAtOnceAndWithGraceUntilTheGraceEnds() {
        CreatedKey now = key(NewKey.builder("acme", Owner.user("u_1")));
        CreatedKey later = key(NewKey.builder("acme", Owner.user("u_2")));
        String nowToken = tokenFor(now.key());
        String laterToken = tokenFor(later.key());
        call(nowToken, PATH, "GET");
        call(laterToken, PATH, "GET");

        keygate.service().rotate(now.key().id(), 0);
        keygate.service().rotate(later.key().id(), 120);

        assertThat(call(nowToken, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.REVOKED);
        assertThat(call(laterToken, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        clock.advance(Duration.ofSeconds(121));
        assertThat(call(laterToken, PATH, "GET")).isEqualTo(new AuthOutcome.Expired(true));
    }

    @Test
    void tokenWhenExpiredThenExpiredTokenOutcome() {
        String token = tokenFor(key(NewKey.builder("acme", Owner.user("u_1"))).key());

        clock.advance(Duration.ofSeconds(900 + 5));

        assertThat(call(token, PATH, "GET")).isEqualTo(new AuthOutcome.Expired(true));
    }

    @Test
    void tokenThenKeysRestrictionPermissionsAndLimitsApply() {
        CreatedKey key = key(NewKey.builder("acme", Owner.user("u_1"))
                .permissions(java.util.EnumSet.of(io.keygate.keys.Permission.READ))
                .restriction(new Restriction("workflow", "wf_echo")).rateLimit(new Limit(3, 60)));
        String token = tokenFor(key.key());

        assertThat(call(token, PATH + "/wf_other/trigger/sync", "GET").kind())
                .isEqualTo(AuthOutcome.Kind.RESTRICTION_DENIED);
        assertThat(call(token, PATH + "/wf_echo/trigger/sync", "POST").kind())
                .isEqualTo(AuthOutcome.Kind.PERMISSION_DENIED);
        assertThat(call(token, PATH + "/wf_echo/status", "GET").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(call(key.plaintext(), PATH + "/wf_echo/status", "GET").kind())
                .isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(call(token, PATH + "/wf_echo/status", "GET").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(call(key.plaintext(), PATH + "/wf_echo/status", "GET").kind())
                .as("the token's requests count against the key's own limit").isEqualTo(AuthOutcome.Kind.RATE_LIMITED);
    }

    @Test
    void forgedTokensWhenRepeatedThenCountTowardTheFailedAuthLimitButAHeldTokenStillPasses() {
        String valid = tokenFor(key(NewKey.builder("acme", Owner.user("u_1"))).key());
        assertThat(call(valid, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        String[] parts = valid.split("\\.");

        for (int i = 0; i < 5; i++) {
            String forged = parts[0] + "." + parts[1] + "." + (char) ('A' + i) + parts[2].substring(1);
            assertThat(call(forged, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.INVALID);
        }

        String another = parts[0] + "." + parts[1] + ".Z" + parts[2].substring(1);
        assertThat(call(another, PATH, "GET").kind()).isEqualTo(AuthOutcome.Kind.BLOCKED);
        assertThat(call(valid, PATH, "GET").kind()).as("verified before: no check needed")
                .isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
    }

    @Test
    void credentialWhenLongerThan256ButNoTokenShapeThenMalformedHeader() {
        assertThat(call("x".repeat(300), PATH, "GET")).isEqualTo(new AuthOutcome.Missing(true));
    }
}
