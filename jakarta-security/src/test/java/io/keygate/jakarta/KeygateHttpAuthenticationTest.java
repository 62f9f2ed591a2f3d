package io.keygate.jakarta;

import io.keygate.Keygate;
import io.keygate.http.AuthSettings;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.limit.Limit;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeygateHttpAuthenticationTest {

    private final Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore())
            .meterRegistry(new SimpleMeterRegistry()).build();
    private final KeygateHttpAuthentication authentication;

    KeygateHttpAuthenticationTest() throws Exception {
        authentication = new KeygateHttpAuthentication(keygate,
                AuthSettings.builder().realm("test").excludePaths("/health").build());
    }

    @AfterEach
    void close() {
        authentication.close();
        keygate.close();
    }

    private String key(NewKey.Builder spec) {
        return keygate.service().create(spec.build()).plaintext();
    }

    @Test
    void authenticateWhenKeyValidThenAuthenticatedWithItsPrincipalAndRateLimitHeaders() throws Exception {
        String key = key(NewKey.builder("acme", Owner.user("u1")).teamId("billing").permissions(Permission.READ)
                .rateLimit(new Limit(10, 31_536_000)));
        Requests.Recorded response = new Requests.Recorded();

        KeygateHttpAuthentication.Result result =
                authentication.authenticate(Requests.get("/api/things", null, "Bearer " + key), response.response);

        assertThat(result).isInstanceOf(KeygateHttpAuthentication.Result.Authenticated.class);
        var principal = ((KeygateHttpAuthentication.Result.Authenticated) result).principal();
        assertThat(principal.organizationId()).isEqualTo("acme");
        assertThat(principal.teamId()).isEqualTo("billing");
        assertThat(response.headers).containsEntry("RateLimit-Limit", "10").containsEntry("RateLimit-Remaining", "9");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void authenticateWhenNoKeyThenRejectedWith401Written() throws Exception {
        Requests.Recorded response = new Requests.Recorded();

        KeygateHttpAuthentication.Result result =
                authentication.authenticate(Requests.get("/api/things", null), response.response);

        assertThat(result).isInstanceOf(KeygateHttpAuthentication.Result.Rejected.class);
        assertThat(response.status).isEqualTo(401);
        assertThat(response.headers).containsEntry("WWW-Authenticate", "Bearer realm=\"test\"");
        assertThat(response.body()).contains("Valid API key required.");
    }

    @Test
    void authenticateWhenKeyRevokedThenRejectedWith401Invalid() throws Exception {
        var created = keygate.service().create(NewKey.builder("acme", Owner.user("u1")).build());
        keygate.service().revoke(created.key().id());
        Requests.Recorded response = new Requests.Recorded();

        KeygateHttpAuthentication.Result result = authentication.authenticate(
                Requests.get("/api/things", null, "Bearer " + created.plaintext()), response.response);

        assertThat(result).isInstanceOf(KeygateHttpAuthentication.Result.Rejected.class);
        assertThat(response.status).isEqualTo(401);
        assertThat(response.body()).contains("Invalid or inactive API key.");
    }

    @Test
    void authenticateWhenPathExcludedThenNotApplicableAndNothingWritten() throws Exception {
        Requests.Recorded response = new Requests.Recorded();

        KeygateHttpAuthentication.Result result =
                authentication.authenticate(Requests.get("/health", null, "Bearer nonsense"), response.response);

        assertThat(result).isInstanceOf(KeygateHttpAuthentication.Result.NotApplicable.class);
        assertThat(response.status).isEqualTo(200);
        assertThat(response.headers).isEmpty();
    }

    @Test
    void presentsCredentialWhenAuthorizationHeaderOrKeyInQuery() {
        assertThat(authentication.presentsCredential(Requests.get("/x", null, "Basic abc"))).isTrue();
        assertThat(authentication.presentsCredential(Requests.get("/x", "api_key=sk_live_x"))).isTrue();
        assertThat(authentication.presentsCredential(Requests.get("/x", "page=2&ApiKey=1"))).isTrue();
        assertThat(authentication.presentsCredential(Requests.get("/x", "api%5Fkey=1"))).isTrue();
        assertThat(authentication.presentsCredential(Requests.get("/x", "access_token"))).isTrue();
    }

    @Test
    void presentsCredentialIsFalseForAnAnonymousRequest() {
        HttpServletRequest plain = Requests.get("/x", "page=2&q=api_key");
        assertThat(authentication.presentsCredential(plain)).isFalse();
        assertThat(authentication.presentsCredential(Requests.get("/x", null))).isFalse();
        assertThat(authentication.presentsCredential(Requests.get("/x", ""))).isFalse();
    }
}
