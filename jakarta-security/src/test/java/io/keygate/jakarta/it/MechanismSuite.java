package io.keygate.jakarta.it;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example WAR on a real server, over HTTP: keygate's mechanism decides who the caller is, and the container's
 * own security (JAX-RS, EJB, servlet constraints, Jakarta Security's {@code SecurityContext}) sees the key.
 * A subclass names the server; it is started once for the class and stopped after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MechanismSuite {

    static final String MISSING = "{\"error\":\"Authentication failed\",\"detail\":\"Valid API key required. Please "
            + "include it in the Authorization header as 'Bearer <your-api-key>'.\"}";
    static final String INVALID = "{\"error\":\"Authentication failed\",\"detail\":\"Invalid or inactive API key.\"}";
    static final String EXPIRED = "{\"error\":\"Authentication failed\",\"detail\":\"API key has expired.\"}";
    static final String REALM = "Bearer realm=\"example\"";
    static final String INVALID_CHALLENGE = REALM + ", error=\"invalid_token\"";

    private JakartaServer server;
    private HttpApi api;
    private String adminKey;

    /** The server under test, not yet started. */
    abstract JakartaServer newServer();

    @BeforeAll
    void startServer() {
        adminKey = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        server = newServer();
        try {
            server.start(Map.of("keygate.example.admin-key", adminKey));
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        api = new HttpApi(server::uri);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
            // keygate's rejections are complete responses: the server never tried to write over one
            assertThat(server.logText()).doesNotContain("Response already commited")
                    .doesNotContain("UT010019").doesNotContain("Cannot call sendError()");
        }
    }

    /** A new key through the example's admin resource; returns {id, key}. */
    private String[] createKey(String json) {
        HttpApi.Response created = api.post("/api/admin/keys", adminKey, json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new String[]{created.field("id"), created.field("key")};
    }

    private String key(String json) {
        return createKey(json)[1];
    }

    // ---- 401 ----

    @Test
    void keyOnlyResourceWithoutKeyThen401MissingWithChallenge() {
        HttpApi.Response r = api.get("/api/caller", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo(MISSING);
        assertThat(r.header("WWW-Authenticate")).isEqualTo(REALM);
        assertThat(r.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void constrainedServletWithoutKeyThen401MissingFromTheMechanism() {
        HttpApi.Response r = api.get("/servlet/hello", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo(MISSING);
        assertThat(r.header("WWW-Authenticate")).isEqualTo(REALM);
    }

    @Test
    void constrainedServletWithKeySeesTheKeyAsUserPrincipal() {
        String[] key = createKey("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        HttpApi.Response r = api.get("/servlet/hello", key[1]);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello " + key[0]);
    }

    @Test
    void malformedAuthorizationHeaderThen401Missing() {
        HttpApi.Response r = api.getWithAuthorization("/api/caller", "Basic dXNlcjpwYXNz");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo(MISSING);
        assertThat(r.header("WWW-Authenticate")).isEqualTo(REALM);
    }

    @Test
    void invalidKeyThen401InvalidEvenOnAPublicResource() {
        String wellFormedUnknown = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        for (String path : new String[]{"/api/caller", "/api/caller/public"}) {
            HttpApi.Response r = api.get(path, wellFormedUnknown);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.text()).isEqualTo(INVALID);
            assertThat(r.header("WWW-Authenticate")).isEqualTo(INVALID_CHALLENGE);
        }
    }

    @Test
    void expiredKeyThen401Expired() {
        String key = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"],\"expires_in_seconds\":2}");
        await("the key's expiry").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/caller", key).status() == 401);
        HttpApi.Response r = api.get("/api/caller", key);
        assertThat(r.text()).isEqualTo(EXPIRED);
        assertThat(r.header("WWW-Authenticate")).isEqualTo(INVALID_CHALLENGE);
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        String[] key = createKey("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        assertThat(api.get("/api/caller", key[1]).status()).isEqualTo(200);

        assertThat(api.delete("/api/admin/keys/" + key[0], adminKey).status()).isEqualTo(204);

        HttpApi.Response r = api.get("/api/caller", key[1]);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo(INVALID);
    }

    // ---- 400, 403, 429 from keygate's pipeline ----

    @Test
    void keyInQueryStringThen400EvenOnAPublicResource() {
        HttpApi.Response r = api.get("/api/caller/public?api_key=sk_live_whatever", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"error\":\"Invalid request\",\"detail\":\"API keys must be sent in the "
                + "Authorization header, never in the URL.\"}");
    }

    @Test
    void organizationPlanWithoutApiAccessThen403Plan() {
        String key = key("{\"organization_id\":\"initech\",\"permissions\":[\"read\"]}");
        HttpApi.Response r = api.get("/api/caller", key);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"API access is not included in this "
                + "organization's plan.\"}");
    }

    @Test
    void workflowRestrictedKeyOnAnotherWorkflowThen403Restriction() {
        String key = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"],\"workflow_id\":\"wf_echo\"}");
        assertThat(api.get("/api/workflows/wf_echo", key).status()).isEqualTo(200);

        HttpApi.Response r = api.get("/api/workflows/wf_reverse", key);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"error\":\"API key is not authorized for this workflow\"}");
    }

    @Test
    void readKeyPostingThen403WritePermissionFromThePipeline() {
        String key = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        HttpApi.Response r = api.post("/api/workflows/wf_echo/trigger", key, "{}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"error\":\"Insufficient permissions\",\"detail\":\"This API key lacks the "
                + "'write' permission.\"}");
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo(REALM + ", error=\"insufficient_scope\", scope=\"write\"");
    }

    @Test
    void overTheKeysRateLimitThen429WithRetryAfterAndRateLimitHeaders() {
        // a one-year window: it cannot roll over between these few requests
        String key = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"],"
                + "\"rate_limit\":{\"limit\":2,\"window_seconds\":31536000}}");
        HttpApi.Response first = api.get("/api/caller", key);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(first.header("RateLimit-Reset")).matches("\\d+");
        assertThat(api.get("/api/caller", key).header("RateLimit-Remaining")).isEqualTo("0");

        HttpApi.Response limited = api.get("/api/caller", key);
        assertThat(limited.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isPositive();
        assertThat(limited.text()).isEqualTo("{\"error\":\"Too many requests\",\"detail\":\"Rate limit exceeded. "
                + "Retry after " + retryAfter + " seconds.\"}");
        assertThat(limited.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
    }

    // ---- the container's security sees the key ----

    @Test
    void callerPrincipalIsTheKeyAndTheInjectedPrincipalCarriesItsOrganizationAndTeam() {
        String[] key = createKey("{\"organization_id\":\"acme\",\"team_id\":\"billing\",\"permissions\":[\"read\"]}");
        HttpApi.Response r = api.get("/api/caller", key[1]);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.field("caller")).isEqualTo(key[0]);
        assertThat(r.field("jaxrs_caller")).isEqualTo(key[0]);
        assertThat(r.field("key_id")).isEqualTo(key[0]);
        assertThat(r.field("organization")).isEqualTo("acme");
        assertThat(r.field("team")).isEqualTo("billing");
    }

    @Test
    void callerIsInTheRolesOfItsPermissionsOrganizationAndTeam() {
        String key = key("{\"organization_id\":\"acme\",\"team_id\":\"billing\",\"permissions\":[\"write\"]}");
        assertInRole(key, "read", true);
        assertInRole(key, "write", true);
        assertInRole(key, "admin", false);
        assertInRole(key, "org:acme", true);
        assertInRole(key, "team:billing", true);
        String other = key("{\"organization_id\":\"globex\",\"permissions\":[\"read\"]}");
        assertInRole(other, "org:acme", false);
        assertInRole(other, "write", false);
    }

    private void assertInRole(String key, String role, boolean expected) {
        HttpApi.Response r = api.get("/api/caller?role=" + role, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("caller_in_role").asBoolean()).as("isCallerInRole(%s)", role).isEqualTo(expected);
        assertThat(r.json().path("user_in_role").asBoolean()).as("isUserInRole(%s)", role).isEqualTo(expected);
    }

    @Test
    void rolesAllowedWriteRefusesAReadKeyWith403Permission() {
        String key = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        HttpApi.Response r = api.get("/api/caller/writer", key);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"error\":\"Insufficient permissions\",\"detail\":\"This API key lacks the "
                + "'write' permission.\"}");
        assertThat(r.header("WWW-Authenticate"))
                .isEqualTo(REALM + ", error=\"insufficient_scope\", scope=\"write\"");

        String writer = key("{\"organization_id\":\"acme\",\"permissions\":[\"write\"]}");
        assertThat(api.get("/api/caller/writer", writer).status()).isEqualTo(200);
    }

    @Test
    void rolesAllowedOrganizationRoleAdmitsOnlyThatOrganizationsKeys() {
        String acme = key("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        assertThat(api.get("/api/caller/acme", acme).status()).isEqualTo(200);

        String globex = key("{\"organization_id\":\"globex\",\"permissions\":[\"admin\"]}");
        HttpApi.Response r = api.get("/api/caller/acme", globex);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"This API key lacks the role 'org:acme'.\"}");
    }

    @Test
    void ejbMethodGuardedByAdminIsReachedOnlyWithAnAdminKey() {
        String writer = key("{\"organization_id\":\"acme\",\"permissions\":[\"write\"]}");
        HttpApi.Response refused = api.get("/api/reports", writer);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text())
                .isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"This API key lacks a role this operation requires.\"}");

        HttpApi.Response anonymous = api.get("/api/reports", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text()).isEqualTo(MISSING);

        String[] admin = createKey("{\"organization_id\":\"acme\",\"permissions\":[\"admin\"]}");
        HttpApi.Response reached = api.get("/api/reports", admin[1]);
        assertThat(reached.status()).as(reached.toString()).isEqualTo(200);
        assertThat(reached.field("report")).isEqualTo("report for " + admin[0]);
    }

    // ---- what stays public ----

    @Test
    void publicResourceServesAnonymousCallersAndKnowsAPresentedKey() {
        assertThat(api.get("/api/caller/public", null).field("caller")).isEqualTo("anonymous");
        String[] key = createKey("{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        assertThat(api.get("/api/caller/public", key[1]).field("caller")).isEqualTo(key[0]);
    }

    @Test
    void excludedPathIsNotJudgedEvenWithABadKey() {
        HttpApi.Response r = api.get("/health", "sk_live_not-a-key");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"status\":\"UP\"}");
    }
}
