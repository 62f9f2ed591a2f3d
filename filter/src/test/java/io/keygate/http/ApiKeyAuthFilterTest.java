package io.keygate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitScope;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.StoreUnavailableException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ApiKeyAuthFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING_DETAIL =
            "Valid API key required. Please include it in the Authorization header as 'Bearer <your-api-key>'.";

    private FilterHarness h;

    private FilterHarness harness(AuthSettings settings) {
        h = new FilterHarness(settings);
        return h;
    }

    private FilterHarness harness(AuthSettings settings, ApiKeyStore store) {
        h = new FilterHarness(settings, store);
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static JsonNode json(FilterHarness.Result r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertError(FilterHarness.Result r, int status, String error, String detail) throws Exception {
        assertThat(r.status).isEqualTo(status);
        assertThat(r.passed()).isFalse();
        assertThat(r.contentType).isEqualTo("application/json");
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo(error);
        if (detail == null) {
            assertThat(body.has("detail")).isFalse();
        } else {
            assertThat(body.get("detail").asText()).isEqualTo(detail);
        }
    }

    @Test
    void doFilterWhenKeyValidThenChainRunsWithPrincipal() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme", Permission.READ, Permission.WRITE);
        FilterHarness.Result r = h.get("/developer/api/workflows", "Bearer " + key.plaintext()).run();
        assertThat(r.passed()).isTrue();
        ApiKeyPrincipal principal = (ApiKeyPrincipal) r.downstream.getUserPrincipal();
        assertThat(principal.getName()).isEqualTo(key.key().id());
        assertThat(principal.organizationId()).isEqualTo("acme");
        assertThat(r.downstream.getAuthType()).isEqualTo("BEARER");
        assertThat(r.downstream.isUserInRole("read")).isTrue();
        assertThat(r.downstream.isUserInRole("write")).isTrue();
        assertThat(r.downstream.isUserInRole("admin")).isFalse();
        assertThat(r.downstream.getAttribute(ApiKeyPrincipal.REQUEST_ATTRIBUTE)).isEqualTo(principal);
        assertThat(r.downstream.getHeader("Authorization")).isNull();
        assertThat(Collections.list(r.downstream.getHeaders("authorization"))).isEmpty();
        assertThat(Collections.list(r.downstream.getHeaderNames())).doesNotContain("Authorization");
        assertThat(h.count("authenticated")).isEqualTo(1.0);
    }

    @Test
    void doFilterWhenAdminKeyThenAllRolesImplied() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme", Permission.ADMIN);
        FilterHarness.Result r = h.call("POST", "/admin/api/keys").bearer(key.plaintext()).run();
        assertThat(r.passed()).isTrue();
        assertThat(r.downstream.isUserInRole("admin")).isTrue();
        assertThat(r.downstream.isUserInRole("write")).isTrue();
        assertThat(r.downstream.isUserInRole("read")).isTrue();
    }

    @Test
    void doFilterWhenHideAuthorizationDisabledThenApplicationSeesHeader() {
        harness(FilterHarness.settings().hideAuthorizationHeader(false).build());
        CreatedKey key = h.key("acme");
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertThat(r.downstream.getHeader("Authorization")).isEqualTo("Bearer " + key.plaintext());
    }

    @Test
    void doFilterWhenSchemeInOtherCaseThenAccepted() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "bEaReR " + key.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenPathExcludedThenPassesWithoutAuthentication() {
        harness(FilterHarness.settings().build());
        FilterHarness.Result r = h.call("GET", "/health").run();
        assertThat(r.passed()).isTrue();
        assertThat(r.downstream.getUserPrincipal()).isNull();
        assertThat(h.call("GET", "/public/a/b").run().passed()).isTrue();
        assertThat(h.count("missing")).isZero();
    }

    @Test
    void doFilterWhenNotARequestDispatchThenPassesUntouched() {
        harness(FilterHarness.settings().build());
        assertThat(h.call("GET", "/x").dispatch(DispatcherType.ERROR).run().passed()).isTrue();
        assertThat(h.call("GET", "/x").dispatch(DispatcherType.FORWARD).run().passed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key=abc", "x=1&apikey=abc", "ACCESS_TOKEN=abc", "a=1&api%5Fkey=z", "api_key"})
    void doFilterWhenKeyInQueryStringThenReturns400(String query) throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).query(query).run();
        assertError(r, 400, "Invalid request",
                "API keys must be sent in the Authorization header, never in the URL.");
        assertThat(h.count("bad_request")).isEqualTo(1.0);
    }

    @Test
    void doFilterWhenOtherQueryParametersThenNotTreatedAsKey() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).query("page=2&my_api_key_name=x").run().passed()).isTrue();
    }

    @Test
    void doFilterWhenNoAuthorizationHeaderThenReturns401Missing() throws Exception {
        harness(FilterHarness.settings().realm("keygate").build());
        FilterHarness.Result r = h.call("GET", "/x").run();
        assertError(r, 401, "Authentication failed", MISSING_DETAIL);
        assertThat(r.headers.get("WWW-Authenticate")).isEqualTo("Bearer realm=\"keygate\"");
        assertThat(h.count("missing")).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Bearerabc", "Token abc",
            "Bearer a b", "Bearer caf\u00e9", "Bearer a\tb", "Bearer \u0001abc"})
    void doFilterWhenAuthorizationMalformedThenReturns401Missing(String header) throws Exception {
        harness(FilterHarness.settings().build());
        FilterHarness.Result r = h.get("/x", header).run();
        assertError(r, 401, "Authentication failed", MISSING_DETAIL);
        assertThat(r.headers.get("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void doFilterWhenTokenLongerThan256ThenReturns401Missing() throws Exception {
        harness(FilterHarness.settings().build());
        assertError(h.get("/x", "Bearer " + "a".repeat(257)).run(), 401, "Authentication failed", MISSING_DETAIL);
        // 256 characters is still a token (then invalid, not missing)
        assertError(h.get("/x", "Bearer " + "a".repeat(256)).run(), 401, "Authentication failed",
                "Invalid or inactive API key.");
    }

    @Test
    void doFilterWhenTwoAuthorizationHeadersThenReturns401Missing() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        FilterHarness.Result r = h.call("GET", "/x").bearer(key.plaintext()).bearer(key.plaintext()).run();
        assertError(r, 401, "Authentication failed", MISSING_DETAIL);
    }

    @Test
    void doFilterWhenChecksumWrongThenReturns401InvalidWithoutLookup() throws Exception {
        CountingStore store = new CountingStore(new InMemoryApiKeyStore());
        harness(FilterHarness.settings().build(), store);
        CreatedKey key = h.key("acme");
        String plain = key.plaintext();
        String corrupted = plain.substring(0, plain.length() - 1) + (plain.endsWith("a") ? "b" : "a");
        FilterHarness.Result r = h.get("/x", "Bearer " + corrupted).run();
        assertError(r, 401, "Authentication failed", "Invalid or inactive API key.");
        assertThat(r.headers.get("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", error=\"invalid_token\"");
        assertError(h.get("/x", "Bearer gsk_" + plain.substring(8)).run(), 401, "Authentication failed",
                "Invalid or inactive API key.");
        assertError(h.get("/x", "Bearer hello").run(), 401, "Authentication failed", "Invalid or inactive API key.");
        assertThat(store.lookups.get()).isZero();
        assertThat(h.count("invalid")).isEqualTo(3.0);
    }

    @Test
    void doFilterWhenKeyUnknownThenReturns401InvalidAndCachesTheMiss() throws Exception {
        CountingStore store = new CountingStore(new InMemoryApiKeyStore());
        harness(FilterHarness.settings().build(), store);
        String unknown = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        assertError(h.get("/x", "Bearer " + unknown).run(), 401, "Authentication failed", "Invalid or inactive API key.");
        assertError(h.get("/x", "Bearer " + unknown).run(), 401, "Authentication failed", "Invalid or inactive API key.");
        assertThat(store.lookups.get()).isEqualTo(1);
    }

    @Test
    void doFilterWhenKeyRevokedThenReturns401InvalidAtOnce() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        h.keygate.service().revoke(key.key().id());
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertError(r, 401, "Authentication failed", "Invalid or inactive API key.");
        assertThat(h.count("revoked")).isEqualTo(1.0);
    }

    @Test
    void doFilterWhenKeyRotatedWithoutGraceThenOldRefusedAndNewAccepted() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        CreatedKey fresh = h.keygate.service().rotate(key.key().id(), 0).orElseThrow();
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().status).isEqualTo(401);
        assertThat(h.get("/x", "Bearer " + fresh.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenKeyRotatedWithGraceThenOldWorksUntilGraceEnds() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        h.keygate.service().rotate(key.key().id(), 60);
        h.clock.advance(Duration.ofSeconds(59));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        assertError(h.get("/x", "Bearer " + key.plaintext()).run(), 401, "Authentication failed",
                "API key has expired.");
    }

    @Test
    void doFilterWhenKeyExpiredThenReturns401Expired() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1"))
                .expiresAt(FilterHarness.T0.plusSeconds(30)).build());
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        h.clock.advance(Duration.ofSeconds(30));
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertError(r, 401, "Authentication failed", "API key has expired.");
        assertThat(r.headers.get("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", error=\"invalid_token\"");
        assertThat(h.count("expired")).isEqualTo(1.0);
    }

    @Test
    void doFilterWhenExpiredFoldedIntoInvalidThenReturns401Invalid() throws Exception {
        harness(FilterHarness.settings().expiredAsInvalid(true).build());
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1"))
                .expiresAt(FilterHarness.T0.plusSeconds(1)).build());
        h.clock.advance(Duration.ofSeconds(2));
        assertError(h.get("/x", "Bearer " + key.plaintext()).run(), 401, "Authentication failed",
                "Invalid or inactive API key.");
    }

    @Test
    void doFilterWhenTooManyFailuresFromAddressThenReturns429UntilWindowEnds() throws Exception {
        harness(FilterHarness.settings().failedAuthLimit(new Limit(3, 60)).build());
        CreatedKey valid = h.key("acme");
        h.clock.set(Instant.parse("2026-01-01T00:01:43Z"));
        for (int i = 0; i < 3; i++) {
            assertThat(h.get("/x", "Bearer nope").run().status).isEqualTo(401);
        }
        FilterHarness.Result r = h.get("/x", "Bearer " + valid.plaintext()).run();
        assertError(r, 429, "Too many requests",
                "Too many failed authentication attempts. Retry after 17 seconds.");
        assertThat(r.headers.get("Retry-After")).isEqualTo("17");
        assertThat(h.count("blocked")).isEqualTo(1.0);
        assertThat(h.get("/x", "Bearer " + valid.plaintext()).from("198.51.100.1").run().passed()).isTrue();
        h.clock.advance(Duration.ofSeconds(17));
        assertThat(h.get("/x", "Bearer " + valid.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenSharedAddressFloodedWithBadKeysThenKeysVerifiedBeforePassAndNewOnesGet429() {
        harness(FilterHarness.settings().failedAuthLimit(new Limit(3, 60)).build());
        CreatedKey admin = h.key("acme", Permission.ADMIN);
        CreatedKey newcomer = h.key("acme");
        assertThat(h.get("/x", "Bearer " + admin.plaintext()).from("198.51.100.1").run().passed()).isTrue();
        for (int i = 0; i < 20; i++) {
            h.get("/x", "Bearer " + KeyFormat.standard().generate(Environment.LIVE).plaintext())
                    .from("198.51.100.1").run();
        }

        assertThat(h.get("/x", "Bearer " + admin.plaintext()).from("198.51.100.1").run().passed()).isTrue();
        assertThat(h.get("/x", "Bearer " + newcomer.plaintext()).from("198.51.100.1").run().status).isEqualTo(429);
    }

    @Test
    void doFilterWhenClientAddressHeaderConfiguredThenLastEntryCounts() {
        harness(FilterHarness.settings().failedAuthLimit(new Limit(1, 60)).clientAddressHeader("X-Forwarded-For").build());
        h.get("/x", "Bearer nope").header("X-Forwarded-For", "1.1.1.1, 10.0.0.1").run();
        assertThat(h.get("/x", "Bearer nope").header("X-Forwarded-For", "2.2.2.2, 10.0.0.1").run().status)
                .isEqualTo(429);
        assertThat(h.get("/x", "Bearer nope").header("X-Forwarded-For", "10.0.0.2").run().status).isEqualTo(401);
    }

    @Test
    void doFilterWhenStoreDownAndKeyCachedThenServedStale() {
        FlakyStore store = new FlakyStore(new InMemoryApiKeyStore());
        harness(FilterHarness.settings().cacheTtl(Duration.ofSeconds(10)).staleIfError(Duration.ofSeconds(60)).build(),
                store);
        CreatedKey key = h.key("acme");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        store.down.set(true);
        h.clock.advance(Duration.ofSeconds(30));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        h.clock.advance(Duration.ofSeconds(45));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().status).isEqualTo(503);
        store.down.set(false);
        // recovery is seen once the one-second back-off after the last store error has passed
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenStoreDownAndKeyNotCachedThenReturns503WithRetryAfter() throws Exception {
        FlakyStore store = new FlakyStore(new InMemoryApiKeyStore());
        harness(FilterHarness.settings().build(), store);
        CreatedKey key = h.key("acme");
        store.down.set(true);
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertError(r, 503, "Service unavailable",
                "Authentication is temporarily unavailable. Retry after 5 seconds.");
        assertThat(r.headers.get("Retry-After")).isEqualTo("5");
        assertThat(h.count("unavailable")).isEqualTo(1.0);
        // the error was not cached as "unknown"
        store.down.set(false);
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenPlanHasNoApiAccessThenReturns403Plan() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("initech");
        assertError(h.get("/x", "Bearer " + key.plaintext()).run(), 403, "Forbidden",
                "API access is not included in this organization's plan.");
        assertThat(h.count("forbidden")).isEqualTo(1.0);
    }

    @Test
    void doFilterWhenRestrictedToOtherWorkflowThenReturns403Restriction() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1"))
                .restriction(new Restriction("workflow", "wf_echo")).build());
        assertThat(h.call("POST", "/developer/api/workflows/wf_echo/trigger/sync").bearer(key.plaintext()).run()
                .passed()).isTrue();
        assertThat(h.get("/developer/api/workflows", "Bearer " + key.plaintext()).run().passed()).isTrue();
        FilterHarness.Result r = h.call("POST", "/developer/api/workflows/wf_summarize/trigger/sync")
                .bearer(key.plaintext()).run();
        assertError(r, 403, "API key is not authorized for this workflow", null);
    }

    @Test
    void doFilterWhenReadOnlyKeyWritesThenReturns403PermissionWithScope() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme", Permission.READ);
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
        FilterHarness.Result r = h.call("POST", "/x").bearer(key.plaintext()).run();
        assertError(r, 403, "Insufficient permissions", "This API key lacks the 'write' permission.");
        assertThat(r.headers.get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"write\"");
    }

    @Test
    void doFilterWhenReadPathThenAReadKeyMayPostThereButNowhereElseAndAdminPathsStillNeedAdmin() {
        harness(FilterHarness.settings().readPaths("/api/token", "/admin/api/**").build());
        CreatedKey key = h.key("acme", Permission.READ);

        assertThat(h.call("POST", "/api/token").bearer(key.plaintext()).run().passed()).isTrue();
        assertThat(h.call("POST", "/api/other").bearer(key.plaintext()).run().status).isEqualTo(403);
        assertThat(h.call("POST", "/admin/api/keys").bearer(key.plaintext()).run().body())
                .contains("lacks the 'admin' permission");
    }

    @Test
    void doFilterWhenWriteKeyOnAdminPathThenReturns403Admin() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme", Permission.WRITE);
        assertError(h.get("/admin/api/keys", "Bearer " + key.plaintext()).run(), 403, "Insufficient permissions",
                "This API key lacks the 'admin' permission.");
    }

    @Test
    void doFilterWhenRateLimitExceededThenReturns429WithHeadersAndRetrySucceedsAfterReset() throws Exception {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1")).rateLimit(new Limit(3, 60)).build());
        h.clock.set(Instant.parse("2026-01-01T00:02:43Z"));
        for (int i = 1; i <= 3; i++) {
            FilterHarness.Result ok = h.get("/x", "Bearer " + key.plaintext()).run();
            assertThat(ok.passed()).isTrue();
            assertThat(ok.headers).containsEntry("RateLimit-Limit", "3")
                    .containsEntry("RateLimit-Remaining", Integer.toString(3 - i))
                    .containsEntry("RateLimit-Reset", Long.toString(Instant.parse("2026-01-01T00:03:00Z").getEpochSecond()));
        }
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertError(r, 429, "Too many requests", "Rate limit exceeded. Retry after 17 seconds.");
        assertThat(r.headers).containsEntry("Retry-After", "17").containsEntry("RateLimit-Remaining", "0");
        assertThat(h.count("rate_limited")).isEqualTo(1.0);
        h.clock.advance(Duration.ofSeconds(17));
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().passed()).isTrue();
    }

    @Test
    void doFilterWhenPlanHasHourAndDayWindowsThenHeadersShowLeastRemaining() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.create(NewKey.builder("acme", Owner.user("u1")).plan("hourly").build());
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertThat(r.headers).containsEntry("RateLimit-Limit", "100").containsEntry("RateLimit-Remaining", "99");
    }

    @Test
    void doFilterWhenXIsoDialectThenIsoResetHeader() {
        harness(FilterHarness.settings().rateLimitHeaders(HeaderDialect.X_ISO).build());
        CreatedKey key = h.key("globex");
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertThat(r.headers).containsEntry("X-RateLimit-Limit", "60").containsEntry("X-RateLimit-Remaining", "59")
                .containsEntry("X-RateLimit-Reset", "2026-01-01T00:01:00Z").doesNotContainKey("RateLimit-Limit");
    }

    @Test
    void doFilterWhenIetfDialectThenPolicyAndRateLimitHeaders() {
        harness(FilterHarness.settings().rateLimitHeaders(HeaderDialect.IETF).build());
        CreatedKey key = h.key("globex");
        FilterHarness.Result r = h.get("/x", "Bearer " + key.plaintext()).run();
        assertThat(r.headers).containsEntry("RateLimit-Policy", "\"free\";q=60;w=60")
                .containsEntry("RateLimit", "\"free\";r=59;t=50");
    }

    @Test
    void doFilterWhenNoneDialectThenNoRateLimitHeaders() {
        harness(FilterHarness.settings().rateLimitHeaders(HeaderDialect.NONE).build());
        CreatedKey key = h.key("globex");
        assertThat(h.get("/x", "Bearer " + key.plaintext()).run().headers.keySet())
                .noneMatch(name -> name.toLowerCase().contains("ratelimit"));
    }

    @Test
    void doFilterWhenOrganizationScopeThenKeysShareTheLimit() {
        harness(FilterHarness.settings().rateLimitScope(RateLimitScope.ORGANIZATION).build());
        CreatedKey a = h.key("globex");
        CreatedKey b = h.key("globex");
        for (int i = 0; i < 30; i++) {
            assertThat(h.get("/x", "Bearer " + a.plaintext()).run().passed()).isTrue();
            assertThat(h.get("/x", "Bearer " + b.plaintext()).run().passed()).isTrue();
        }
        assertThat(h.get("/x", "Bearer " + a.plaintext()).run().status).isEqualTo(429);
        assertThat(h.get("/x", "Bearer " + b.plaintext()).run().status).isEqualTo(429);
    }

    @Test
    void doFilterWhenProblemJsonThenRfc9457Body() throws Exception {
        harness(FilterHarness.settings().problemJson(true).build());
        FilterHarness.Result r = h.call("GET", "/x").run();
        assertThat(r.status).isEqualTo(401);
        assertThat(r.contentType).isEqualTo("application/problem+json");
        JsonNode body = json(r);
        assertThat(body.get("type").asText()).startsWith("https://");
        assertThat(body.get("title").asText()).isEqualTo("Authentication failed");
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("detail").asText()).isEqualTo(MISSING_DETAIL);
    }

    @Test
    void doFilterWhenAuthenticatedThenLastUsedWrittenOnFlush() {
        harness(FilterHarness.settings().build());
        CreatedKey key = h.key("acme");
        h.clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            h.get("/x", "Bearer " + key.plaintext()).run();
        }
        h.filter.destroy();
        Optional<ApiKey> stored = h.store.findById(key.key().id());
        assertThat(stored.orElseThrow().lastUsedAt()).isEqualTo(h.clock.instant());
    }

    @Test
    void doFilterWhenAnyRequestThenDurationTimed() {
        harness(FilterHarness.settings().build());
        h.call("GET", "/x").run();
        h.call("GET", "/health").run();
        assertThat(h.registry.get("apikey.auth.duration").timer().count()).isEqualTo(1);
    }

    @Test
    void initWhenNoKeygateInContextThenFailsNamingTheAttribute() {
        ApiKeyAuthFilter filter = new ApiKeyAuthFilter();
        FilterConfig config = mock(FilterConfig.class);
        when(config.getServletContext()).thenReturn(mock(ServletContext.class));
        when(config.getFilterName()).thenReturn("keygate");
        assertThatThrownBy(() -> filter.init(config)).isInstanceOf(ServletException.class)
                .hasMessageContaining("io.keygate.Keygate");
    }

    @Test
    void initWhenInitParamInvalidThenFailsNamingParameterValueAndRule() {
        FilterHarness base = harness(FilterHarness.settings().build());
        ApiKeyAuthFilter filter = new ApiKeyAuthFilter();
        FilterConfig config = mock(FilterConfig.class);
        ServletContext context = mock(ServletContext.class);
        when(context.getAttribute(io.keygate.Keygate.CONTEXT_ATTRIBUTE)).thenReturn(base.keygate);
        when(config.getServletContext()).thenReturn(context);
        when(config.getFilterName()).thenReturn("keygate");
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(java.util.List.of("cache-max-size")));
        when(config.getInitParameter("cache-max-size")).thenReturn("lots");
        assertThatThrownBy(() -> filter.init(config)).isInstanceOf(ServletException.class)
                .hasMessageContaining("cache-max-size").hasMessageContaining("'lots'").hasMessageContaining("whole number");
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(java.util.List.of("cache-size")));
        assertThatThrownBy(() -> new ApiKeyAuthFilter().init(config)).isInstanceOf(ServletException.class)
                .hasMessageContaining("unknown init-param 'cache-size'");
    }

    @Test
    void initWhenInitParamsValidThenFilterUsesThem() throws Exception {
        FilterHarness base = harness(FilterHarness.settings().build());
        ApiKeyAuthFilter filter = new ApiKeyAuthFilter();
        FilterConfig config = mock(FilterConfig.class);
        ServletContext context = mock(ServletContext.class);
        when(context.getAttribute(io.keygate.Keygate.CONTEXT_ATTRIBUTE)).thenReturn(base.keygate);
        when(config.getServletContext()).thenReturn(context);
        Map<String, String> params = Map.of("realm", "workflows", "exclude-paths", "/metrics, /health",
                "restrictions", "workflow=/developer/api/workflows/{id}/**");
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(params.keySet()));
        when(config.getInitParameter(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(inv -> params.get(inv.<String>getArgument(0)));
        filter.init(config);
        try {
            assertThat(filter.settings().realm()).isEqualTo("workflows");
            assertThat(filter.settings().excludePaths()).hasSize(2);
            assertThat(filter.settings().restrictions()).containsKey("workflow");
        } finally {
            filter.destroy();
        }
    }

    @Test
    void initThenPublishesItsAuthenticatorUnderItsNameUntilDestroy() throws Exception {
        FilterHarness base = harness(FilterHarness.settings().build());
        ApiKeyAuthFilter filter = new ApiKeyAuthFilter();
        FilterConfig config = mock(FilterConfig.class);
        ServletContext context = mock(ServletContext.class);
        when(context.getAttribute(io.keygate.Keygate.CONTEXT_ATTRIBUTE)).thenReturn(base.keygate);
        when(config.getServletContext()).thenReturn(context);
        when(config.getFilterName()).thenReturn("keygate");
        when(config.getInitParameterNames()).thenReturn(Collections.emptyEnumeration());
        filter.init(config);
        org.mockito.ArgumentCaptor<Object> published = org.mockito.ArgumentCaptor.forClass(Object.class);
        org.mockito.Mockito.verify(context).setAttribute(org.mockito.ArgumentMatchers.eq(
                "io.keygate.http.HttpAuthenticator.keygate"), published.capture());
        assertThat(published.getValue()).isInstanceOf(HttpAuthenticator.class);
        assertThat(((HttpAuthenticator) published.getValue()).settings()).isSameAs(filter.settings());
        filter.destroy();
        org.mockito.Mockito.verify(context).removeAttribute("io.keygate.http.HttpAuthenticator.keygate");
    }

    /** Counts lookups by hash. */
    static final class CountingStore extends io.keygate.store.ForwardingApiKeyStore {
        final AtomicInteger lookups = new AtomicInteger();

        CountingStore(ApiKeyStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            lookups.incrementAndGet();
            return delegate().findByHash(hash);
        }
    }

    /** Fails every call while {@code down} is set. */
    static final class FlakyStore extends io.keygate.store.ForwardingApiKeyStore {
        final AtomicBoolean down = new AtomicBoolean();

        FlakyStore(ApiKeyStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<ApiKey> findByHash(String hash) {
            if (down.get()) {
                throw new StoreUnavailableException("database is down (test)");
            }
            return delegate().findByHash(hash);
        }
    }
}
