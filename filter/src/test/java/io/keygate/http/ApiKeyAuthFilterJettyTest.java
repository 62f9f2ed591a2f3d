package io.keygate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the contract's error table, over real HTTP through embedded Jetty 12 (ee10). */
class ApiKeyAuthFilterJettyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING_DETAIL =
            "Valid API key required. Please include it in the Authorization header as 'Bearer <your-api-key>'.";

    private ApiKeyAuthFilterTest.FlakyStore store;
    private FilterHarness h;
    private JettyServer jetty;

    @BeforeEach
    void start() throws Exception {
        store = new ApiKeyAuthFilterTest.FlakyStore(new InMemoryApiKeyStore());
        AuthSettings settings = FilterHarness.settings().realm("keygate").failedAuthLimit(new Limit(5, 60)).build();
        h = new FilterHarness(settings, store);
        h.filter.destroy(); // the harness initialized it with a mock config; Jetty initializes it for real
        jetty = new JettyServer(new ApiKeyAuthFilter(h.keygate, settings));
        h.clock.set(Instant.parse("2026-01-01T00:04:43Z"));
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        h.keygate.close();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    private static void assertBody(HttpResponse<String> r, int status, String error, String detail) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode body = body(r);
        assertThat(body.get("error").asText()).isEqualTo(error);
        if (detail == null) {
            assertThat(body.size()).isEqualTo(1);
        } else {
            assertThat(body.get("detail").asText()).isEqualTo(detail);
            assertThat(body.size()).isEqualTo(2);
        }
    }

    @Test
    void validKeyReachesTheApplicationAsPrincipal() throws Exception {
        CreatedKey key = h.key("acme", Permission.ADMIN);
        HttpResponse<String> r = jetty.send("GET", "/admin/api/keys", "Authorization", "Bearer " + key.plaintext());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("principal").asText()).isEqualTo(key.key().id());
        assertThat(body.get("organization").asText()).isEqualTo("acme");
        assertThat(body.get("authType").asText()).isEqualTo("BEARER");
        assertThat(body.get("admin").asBoolean()).isTrue();
        assertThat(body.get("authorizationVisible").asBoolean()).isFalse();
        assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("600");
        assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue("599");
        assertThat(r.headers().firstValue("RateLimit-Reset")).hasValue(
                Long.toString(Instant.parse("2026-01-01T00:05:00Z").getEpochSecond()));
    }

    @Test
    void missingAndMalformedGive401WithBearerChallenge() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[]{
                jetty.send("GET", "/x"),
                jetty.send("GET", "/x", "Authorization", "Basic dXNlcjpwYXNz"),
                jetty.send("GET", "/x", "Authorization", "Bearer " + "x".repeat(300))}) {
            assertBody(r, 401, "Authentication failed", MISSING_DETAIL);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"keygate\"");
        }
        CreatedKey key = h.key("acme");
        String raw = jetty.raw("GET /app/x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key.plaintext()
                + "\r\nAuthorization: Bearer " + key.plaintext() + "\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 401").contains("Valid API key required").doesNotContain(key.plaintext());
    }

    @Test
    void invalidUnknownAndRevokedGive401InvalidToken() throws Exception {
        CreatedKey key = h.key("acme");
        String unknown = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        assertThat(jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext()).statusCode()).isEqualTo(200);
        h.keygate.service().revoke(key.key().id());
        for (String token : new String[]{"sk_live_garbage", unknown, key.plaintext()}) {
            HttpResponse<String> r = jetty.send("GET", "/x", "Authorization", "Bearer " + token);
            assertBody(r, 401, "Authentication failed", "Invalid or inactive API key.");
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"keygate\", error=\"invalid_token\"");
            assertThat(r.body()).doesNotContain(token);
        }
    }

    @Test
    void expiredGives401Expired() throws Exception {
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1"))
                .expiresAt(h.clock.instant().plusSeconds(10)).build());
        h.clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> r = jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext());
        assertBody(r, 401, "Authentication failed", "API key has expired.");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"keygate\", error=\"invalid_token\"");
    }

    @Test
    void planWithoutApiAccessGives403() throws Exception {
        CreatedKey key = h.key("initech");
        assertBody(jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext()), 403, "Forbidden",
                "API access is not included in this organization's plan.");
    }

    @Test
    void restrictionGives403NamingTheType() throws Exception {
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1"))
                .restriction(new Restriction("workflow", "wf_echo")).build());
        assertThat(jetty.send("POST", "/developer/api/workflows/wf_echo/trigger/sync",
                "Authorization", "Bearer " + key.plaintext()).statusCode()).isEqualTo(200);
        assertBody(jetty.send("POST", "/developer/api/workflows/wf_summarize/trigger/sync",
                "Authorization", "Bearer " + key.plaintext()), 403, "API key is not authorized for this workflow", null);
    }

    @Test
    void permissionGives403WithInsufficientScope() throws Exception {
        CreatedKey key = h.key("acme", Permission.READ);
        HttpResponse<String> r = jetty.send("DELETE", "/x", "Authorization", "Bearer " + key.plaintext());
        assertBody(r, 403, "Insufficient permissions", "This API key lacks the 'write' permission.");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"keygate\", error=\"insufficient_scope\", scope=\"write\"");
    }

    @Test
    void rateLimitGives429WithRetryAfterAndHeaders() throws Exception {
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1")).rateLimit(new Limit(2, 60)).build());
        jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext());
        jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext());
        HttpResponse<String> r = jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext());
        assertBody(r, 429, "Too many requests", "Rate limit exceeded. Retry after 17 seconds.");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("17");
        assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("2");
        assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        h.clock.advance(Duration.ofSeconds(17));
        assertThat(jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext()).statusCode()).isEqualTo(200);
    }

    @Test
    void failedAuthLimitGives429WithRetryAfter() throws Exception {
        for (int i = 0; i < 5; i++) {
            jetty.send("GET", "/x", "Authorization", "Bearer sk_live_nope");
        }
        HttpResponse<String> r = jetty.send("GET", "/x", "Authorization", "Bearer sk_live_nope");
        assertBody(r, 429, "Too many requests", "Too many failed authentication attempts. Retry after 17 seconds.");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("17");
    }

    @Test
    void keyInUrlGives400() throws Exception {
        CreatedKey key = h.key("acme");
        HttpResponse<String> r = jetty.send("GET", "/x?api_key=" + key.plaintext());
        assertBody(r, 400, "Invalid request", "API keys must be sent in the Authorization header, never in the URL.");
        assertThat(r.body()).doesNotContain(key.plaintext());
    }

    @Test
    void storeUnavailableGives503WithRetryAfter() throws Exception {
        CreatedKey key = h.key("acme");
        store.down.set(true);
        HttpResponse<String> r = jetty.send("GET", "/x", "Authorization", "Bearer " + key.plaintext());
        assertBody(r, 503, "Service unavailable", "Authentication is temporarily unavailable. Retry after 5 seconds.");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    }

    @Test
    void excludedPathNeedsNoKey() throws Exception {
        HttpResponse<String> r = jetty.send("GET", "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("principal").isNull()).isTrue();
    }
}
