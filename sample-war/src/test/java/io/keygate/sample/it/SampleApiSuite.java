package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.it.ApiClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's promised behaviour (its API and the filter's answers), exercised over HTTP against the built WAR
 * deployed in a real container. One subclass per container/database; the container starts once per class, and
 * the tests run in order (the last one restarts the container).
 *
 * <p>Failed authentications count against the filter's per-address limit (30 a minute), so the suite makes only
 * a handful of them on purpose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SampleApiSuite {

    static final String REALM = "keygate-sample";
    static final String MISSING_DETAIL = "Valid API key required. Please include it in the Authorization header as "
            + "'Bearer <your-api-key>'.";
    static final List<String> LEAK_MARKERS = List.of("appears to have started a thread", "memory leak",
            "failed to unregister", "could not be stopped");
    static final String ANNOUNCEMENT = "keygate: bootstrap admin key (shown once): ";
    /**
     * Threads the application starts (pool, last-used writer, Redis client, databases, Jersey's executors): none may
     * outlive it. Not listed: pgjdbc's "PostgreSQL-JDBC-Cleaner", which the driver starts without a context class
     * loader and which ends by itself after 30 s without work (pgjdbc.config.cleanup.thread.ttl).
     */
    static final Pattern APPLICATION_THREAD = Pattern.compile(
            "(?i).*(keygate|hikari|housekeeper|lettuce|nioEventLoop|epollEventLoop|globalEventExecutor|H2 |MVStore"
                    + "|mariadb|eclipselink|jersey|hk2).*");

    protected ServletContainer container;
    protected ApiClient api;
    protected String admin;
    private final List<String> plaintexts = new ArrayList<>();

    String acme;
    String acmeTest;
    String acmeReadOnly;
    String acmeRestricted;
    String acmeAdmin;
    String globex;
    String initech;
    String expiring;
    Instant expiringAt;
    String liveInstance;
    String echoInstance;

    /** The container under test, not started. */
    protected abstract ServletContainer newContainer();

    /** Points the sample at its database (default: an H2 file in the container's base, by system property). */
    protected void configureDatabase(ServletContainer c) {
        c.systemProperty("keygate.jdbc.url", "jdbc:h2:file:" + c.base().resolve("db/keygate").toAbsolutePath()
                + ";AUTO_SERVER=FALSE");
    }

    /** Drops what {@link #newContainer()} created in a shared database server (nothing for the H2 default). */
    protected void dropDatabase() {
    }

    /** True when the suite runs the sample with KEYGATE_REDIS_URL (health then reports Redis). */
    protected boolean redisConfigured() {
        return false;
    }

    /** True: the bootstrap key is given (KEYGATE_BOOTSTRAP_KEY); false: the sample generates and prints it. */
    protected boolean givesBootstrapKey() {
        return true;
    }

    @BeforeAll
    void startContainer() {
        container = newContainer();
        configureDatabase(container);
        String given = null;
        if (givesBootstrapKey()) {
            given = KeyFormat.standard().generate(Environment.LIVE).plaintext();
            container.env("KEYGATE_BOOTSTRAP_KEY", given);
        }
        container.start();
        api = new ApiClient(container::uri);
        if (given != null) {
            admin = given;
            assertThat(container.logText()).doesNotContain(ANNOUNCEMENT);
        } else {
            Matcher m = Pattern.compile(Pattern.quote(ANNOUNCEMENT) + "(\\S+)").matcher(container.logText());
            assertThat(m.find()).as("bootstrap announcement in " + container.tail()).isTrue();
            admin = m.group(1);
        }
        acme = plaintext(create("{\"name\":\"acme live\",\"organization_id\":\"acme\"}"));
        acmeTest = plaintext(create("{\"name\":\"acme test\",\"organization_id\":\"acme\",\"environment\":\"test\"}"));
        acmeReadOnly = plaintext(create("{\"name\":\"acme ro\",\"organization_id\":\"acme\",\"permissions\":[\"read\"]}"));
        acmeRestricted = plaintext(create(
                "{\"name\":\"acme summarize only\",\"organization_id\":\"acme\",\"workflow_id\":\"wf_summarize\"}"));
        acmeAdmin = plaintext(create("{\"name\":\"acme admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"]}"));
        globex = plaintext(create("{\"name\":\"globex\",\"organization_id\":\"globex\"}"));
        // no key can be created for an organization without API access (contract §7.1): give initech a plan with
        // access for a moment, then take it away again; the key then shows the filter's plan 403
        assertThat(changePlan("initech", "free").status()).isEqualTo(200);
        initech = plaintext(create("{\"name\":\"initech\",\"organization_id\":\"initech\"}"));
        assertThat(changePlan("initech", "none").status()).isEqualTo(200);
        expiringAt = Instant.now().plusSeconds(4);
        expiring = plaintext(create("{\"name\":\"short-lived\",\"organization_id\":\"acme\",\"expires_at\":\""
                + expiringAt + "\"}"));
        assertThat(api.get("/developer/api/workflows", expiring).status()).isEqualTo(200);
    }

    @AfterAll
    void stopContainer() {
        if (container == null) {
            return;
        }
        try {
            if (container.isRunning()) {
                container.stop();
                assertNoLeakWarnings();
            }
        } finally {
            container.close();
            dropDatabase();
        }
    }

    // ---- operations ----

    @Test
    @Order(10)
    void healthAndMetricsAnswerWithoutAKey() {
        Response health = api.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).isEqualTo(ApiClient.parse("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"redis\":\""
                + (redisConfigured() ? "UP" : "DISABLED") + "\"}}"));
        Response metrics = api.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.text()).contains("apikey_auth_requests_total{outcome=\"authenticated\"}")
                .contains("hikaricp_connections_active{pool=\"keygate\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    @Order(20)
    void requestWithoutKeyGets401MissingWithBearerChallenge() {
        Response r = api.get("/developer/api/workflows", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(body("Authentication failed", MISSING_DETAIL));
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + REALM + "\"");
    }

    // ---- workflow API ----

    @Test
    @Order(30)
    void listWorkflowsShowsOnlyTheCallersOrganization() {
        Response r = api.get("/developer/api/workflows", acme);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(ApiClient.parse(
                "{\"items\":[{\"id\":\"wf_echo\",\"name\":\"Echo\"},{\"id\":\"wf_summarize\",\"name\":\"Summarize text\"}]}"));
        assertThat(r.header("RateLimit-Limit")).isEqualTo("600");
        assertThat(api.get("/developer/api/workflows", globex).json())
                .isEqualTo(ApiClient.parse("{\"items\":[{\"id\":\"wf_reverse\",\"name\":\"Reverse\"}]}"));
    }

    @Test
    @Order(40)
    void triggerRunsEachWorkflowAndStatusReadsTheInstanceBack() {
        Response echo = trigger(acme, "wf_echo", "{\"human_msg\":\"Hello, keygate\",\"file_urls\":[\"https://example.com/a.txt\"]}");
        assertThat(echo.status()).isEqualTo(200);
        JsonNode e = echo.json();
        assertThat(e.fieldNames()).toIterable().containsExactly("workflow_instance_id", "workflow_id", "status",
                "output", "livemode", "created_at", "completed_at");
        assertThat(e.get("workflow_id").asText()).isEqualTo("wf_echo");
        assertThat(e.get("status").asText()).isEqualTo("completed");
        assertThat(e.get("output").asText()).isEqualTo("Hello, keygate");
        assertThat(e.get("livemode").asBoolean()).isTrue();
        Instant created = Instant.parse(e.get("created_at").asText());
        assertThat(Instant.parse(e.get("completed_at").asText())).isAfterOrEqualTo(created);
        assertThat(e.get("created_at").asText()).endsWith("Z");
        echoInstance = e.get("workflow_instance_id").asText();
        liveInstance = echoInstance;

        Response status = api.get("/developer/api/workflow_instances/" + echoInstance + "/status", acme);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json()).isEqualTo(e);

        Response summary = trigger(acme, "wf_summarize", "{\"human_msg\":\"one two three four five\"}");
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.field("output")).startsWith("5 words: ");

        Response reversed = trigger(globex, "wf_reverse", "{\"human_msg\":\"stressed\"}");
        assertThat(reversed.status()).isEqualTo(200);
        assertThat(reversed.field("output")).isEqualTo("desserts");
    }

    @Test
    @Order(50)
    void unknownWorkflowAndAnotherOrganizationsWorkflowAre404() {
        Response unknown = trigger(acme, "wf_nope", "{\"human_msg\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.field("error")).isEqualTo("Not found");
        assertThat(unknown.field("detail")).isNotBlank();
        Response foreign = trigger(acme, "wf_reverse", "{\"human_msg\":\"x\"}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.field("error")).isEqualTo("Not found");
        Response instance = api.get("/developer/api/workflow_instances/wfi_doesnotexist/status", acme);
        assertThat(instance.status()).isEqualTo(404);
        assertThat(instance.field("error")).isEqualTo("Not found");
    }

    @Test
    @Order(60)
    void everyKindOfBadBodyIsAClientErrorNamingTheProblem() {
        String path = "/developer/api/workflows/wf_echo/trigger/sync";
        Map<String, String> invalid = new TreeMap<>(Map.of(
                "{}", "human_msg",
                "{\"human_msg\":\"\"}", "human_msg",
                "{\"human_msg\":\"" + "x".repeat(10_001) + "\"}", "human_msg",
                "{\"human_msg\":42}", "human_msg",
                "{\"human_msg\":\"x\",\"extra\":true}", "extra",
                "{\"human_msg\":\"x\",\"file_urls\":\"https://a\"}", "file_urls",
                "{\"human_msg\":\"x\",\"file_urls\":[\"ftp://a/b\"]}", "file_urls[0]",
                "{\"human_msg\":\"x\",\"file_urls\":[" + "\"https://a/b\",".repeat(10) + "\"https://a/c\"]}", "file_urls",
                "{\"human_msg\":\"x\"", "malformed JSON",
                "[1,2]", "JSON object"));
        invalid.put("{\"human_msg\":\"a\",\"human_msg\":\"b\"}", "human_msg: duplicate field");
        invalid.put("null", "JSON object");
        for (Map.Entry<String, String> c : invalid.entrySet()) {
            Response r = api.post(path, acme, c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.field("error")).as(c.getKey()).isEqualTo("Invalid request");
            assertThat(r.field("detail")).as(c.getKey()).contains(c.getValue());
        }
        Response badUtf8 = api.post(path, acme, "application/json",
                new byte[]{'{', '"', 'h', 'u', 'm', 'a', 'n', '_', 'm', 's', 'g', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(badUtf8.status()).isEqualTo(400);
        assertThat(badUtf8.field("detail")).contains("UTF-8");
        Response wrongType = api.post(path, acme, "text/plain", "{\"human_msg\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.field("detail")).contains("application/json");
        Response noType = api.post(path, acme, null, "{\"human_msg\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(noType.status()).isEqualTo(415);
        Response huge = api.post(path, acme, "{\"human_msg\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.field("error")).isEqualTo("Payload too large");
        Response wrongMethod = api.send(api.builder(path, acme).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
        Response unknownPath = api.get("/developer/api/nothing-here", acme);
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.field("error")).isEqualTo("Not found");
    }

    @Test
    @Order(70)
    void instancesAreSeparatedByEnvironmentAndOrganization() {
        assertThat(api.get("/developer/api/workflow_instances/" + liveInstance + "/status", acmeTest).status())
                .isEqualTo(404);
        assertThat(api.get("/developer/api/workflow_instances/" + liveInstance + "/status", globex).status())
                .isEqualTo(404);
        Response test = trigger(acmeTest, "wf_echo", "{\"human_msg\":\"test mode\"}");
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().get("livemode").asBoolean()).isFalse();
        String testInstance = test.field("workflow_instance_id");
        assertThat(api.get("/developer/api/workflow_instances/" + testInstance + "/status", acmeTest).status())
                .isEqualTo(200);
        assertThat(api.get("/developer/api/workflow_instances/" + testInstance + "/status", acme).status())
                .isEqualTo(404);
    }

    @Test
    @Order(80)
    void workflowRestrictedKeyReachesOnlyItsWorkflow() {
        Response other = trigger(acmeRestricted, "wf_echo", "{\"human_msg\":\"x\"}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json()).isEqualTo(ApiClient.parse("{\"error\":\"API key is not authorized for this workflow\"}"));
        assertThat(trigger(acmeRestricted, "wf_summarize", "{\"human_msg\":\"a b\"}").status()).isEqualTo(200);
        Response instance = api.get("/developer/api/workflow_instances/" + echoInstance + "/status", acmeRestricted);
        assertThat(instance.status()).isEqualTo(403);
        assertThat(instance.json()).isEqualTo(ApiClient.parse("{\"error\":\"API key is not authorized for this workflow\"}"));
        assertThat(api.get("/developer/api/workflows", acmeRestricted).json()).isEqualTo(
                ApiClient.parse("{\"items\":[{\"id\":\"wf_summarize\",\"name\":\"Summarize text\"}]}"));
    }

    @Test
    @Order(90)
    void readOnlyKeyCannotTriggerAndPlanWithoutApiAccessIsRefused() {
        Response ro = trigger(acmeReadOnly, "wf_echo", "{\"human_msg\":\"x\"}");
        assertThat(ro.status()).isEqualTo(403);
        assertThat(ro.json()).isEqualTo(body("Insufficient permissions", "This API key lacks the 'write' permission."));
        assertThat(ro.header("WWW-Authenticate")).isEqualTo(
                "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", scope=\"write\"");
        assertThat(api.get("/developer/api/workflows", acmeReadOnly).status()).isEqualTo(200);
        Response plan = api.get("/developer/api/workflows", initech);
        assertThat(plan.status()).isEqualTo(403);
        assertThat(plan.json()).isEqualTo(body("Forbidden", "API access is not included in this organization's plan."));
        Response admin = api.get("/admin/api/keys", acme);
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.json()).isEqualTo(body("Insufficient permissions", "This API key lacks the 'admin' permission."));
    }

    @Test
    @Order(95)
    void rolesAllowedWriteOnAGetRefusesAReadKeyWithTheFiltersPermissionAnswer() {
        Response byFilter = trigger(acmeReadOnly, "wf_echo", "{\"human_msg\":\"x\"}");
        Response byResource = api.get("/developer/api/workflows/wf_echo/instances", acmeReadOnly);
        assertThat(byResource.header("RateLimit-Limit")).as("admitted by the filter").isNotNull();
        assertThat(byResource.status()).isEqualTo(403);
        assertThat(byResource.text()).isEqualTo(byFilter.text());
        assertThat(byResource.json()).isEqualTo(body("Insufficient permissions", "This API key lacks the 'write' permission."));
        for (String header : List.of("Content-Type", "WWW-Authenticate", "Cache-Control")) {
            assertThat(byResource.header(header)).as(header).isEqualTo(byFilter.header(header)).isNotNull();
        }
        assertThat(api.get("/developer/api/workflows/wf_echo/instances", acme).status()).isEqualTo(200);
    }

    // ---- admin API ----

    @Test
    @Order(100)
    void createReturnsTheKeyOnceWithNoStore() {
        Response r = api.post("/admin/api/keys", admin, "{\"name\":\"ci deploy\",\"organization_id\":\"acme\","
                + "\"team_id\":\"team_ops\",\"permissions\":[\"read\"],\"environment\":\"test\",\"workflow_id\":\"wf_echo\","
                + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"plan\":\"pro\",\"rate_limit\":{\"limit\":10,\"window_seconds\":60},"
                + "\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Location")).isEqualTo(ServletContainer.CONTEXT_PATH + "/admin/api/keys/" + r.field("id"));
        JsonNode k = r.json();
        assertThat(k.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "redacted", "organization_id",
                "team_id", "owner", "environment", "permissions", "workflow_id", "plan", "rate_limit", "status",
                "created_at", "expires_at", "last_used_at", "revoked_at", "key");
        String key = k.get("key").asText();
        plaintexts.add(key);
        assertThat(KeyFormat.standard().isWellFormed(key)).isTrue();
        assertThat(key).startsWith("sk_test_");
        assertThat(k.get("redacted").asText()).isEqualTo(key.substring(0, 12) + "..." + key.substring(key.length() - 4));
        assertThat(k.get("name").asText()).isEqualTo("ci deploy");
        assertThat(k.get("organization_id").asText()).isEqualTo("acme");
        assertThat(k.get("team_id").asText()).isEqualTo("team_ops");
        assertThat(k.get("owner")).isEqualTo(ApiClient.parse("{\"type\":\"user\",\"id\":\"alice\"}"));
        assertThat(k.get("environment").asText()).isEqualTo("test");
        assertThat(k.get("permissions")).isEqualTo(ApiClient.parse("[\"read\"]"));
        assertThat(k.get("workflow_id").asText()).isEqualTo("wf_echo");
        assertThat(k.get("plan").asText()).isEqualTo("pro");
        assertThat(k.get("rate_limit")).isEqualTo(ApiClient.parse("{\"limit\":10,\"window_seconds\":60}"));
        assertThat(k.get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(k.get("expires_at").asText())).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(k.get("last_used_at").isNull()).isTrue();
        assertThat(k.get("revoked_at").isNull()).isTrue();

        Response get = api.get("/admin/api/keys/" + k.get("id").asText(), admin);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().has("key")).isFalse();
        assertThat(get.text()).doesNotContain(key).doesNotContain(KeyFormat.sha256Hex(key));

        Response defaults = api.post("/admin/api/keys", acmeAdmin, "");
        assertThat(defaults.status()).isEqualTo(201);
        plaintexts.add(defaults.field("key"));
        assertThat(defaults.field("organization_id")).isEqualTo("acme");
        assertThat(defaults.field("environment")).isEqualTo("live");
        assertThat(defaults.json().get("permissions")).isEqualTo(ApiClient.parse("[\"read\",\"write\"]"));
        // the owner is inherited from the calling key, like organization, team, workflow, expiry and rate limit
        assertThat(defaults.json().get("owner").get("id").asText()).isEqualTo("it-user");
    }

    @Test
    @Order(110)
    void invalidCreateRequestsAre400NamingTheField() {
        Map<String, String> cases = new TreeMap<>(Map.of(
                "{\"name\":\"" + "n".repeat(129) + "\"}", "name",
                "{\"permissions\":[\"root\"]}", "permissions",
                "{\"permissions\":[]}", "permissions",
                "{\"environment\":\"prod\"}", "environment",
                "{\"organization_id\":\"acme\",\"workflow_id\":\"wf_reverse\"}", "workflow_id",
                "{\"expires_at\":\"2001-01-01T00:00:00Z\"}", "expires_at",
                "{\"expires_at\":\"tomorrow\"}", "expires_at",
                "{\"plan\":\"gold\"}", "plan",
                "{\"rate_limit\":{\"limit\":0,\"window_seconds\":1}}", "rate_limit.limit",
                "{\"rate_limit\":{\"limit\":1,\"window_seconds\":\"1\"}}", "rate_limit.window_seconds"));
        cases.put("{\"owner\":{\"type\":\"robot\",\"id\":\"r\"}}", "owner.type");
        cases.put("{\"organization_id\":\"nowhere\"}", "organization_id");
        cases.put("{\"colour\":\"red\"}", "colour");
        cases.put("{\"permissions\":\"read\"}", "permissions");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Response r = api.post("/admin/api/keys", admin, c.getKey());
            assertThat(r.status()).as(c.getKey() + " -> " + r).isEqualTo(400);
            assertThat(r.field("error")).isEqualTo("Invalid request");
            assertThat(r.field("detail")).as(c.getKey()).contains(c.getValue());
        }
        Response page = api.get("/admin/api/keys?page=0", admin);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.field("detail")).contains("page");
        assertThat(api.get("/admin/api/keys?size=101", admin).field("detail")).contains("size");
        assertThat(api.get("/admin/api/keys?size=abc", admin).status()).isEqualTo(400);
        Response grace = api.post("/admin/api/keys/" + keyId(acme) + "/rotate", admin, "{\"grace_seconds\":-1}");
        assertThat(grace.status()).isEqualTo(400);
        assertThat(grace.field("detail")).contains("grace_seconds");
    }

    @Test
    @Order(120)
    void organizationAdminsManageOnlyTheirOwnOrganization() {
        String globexId = keyId(globex);
        assertThat(api.get("/admin/api/keys/" + globexId, admin).status()).isEqualTo(200);
        Response hidden = api.get("/admin/api/keys/" + globexId, acmeAdmin);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.field("error")).isEqualTo("Not found");
        assertThat(api.delete("/admin/api/keys/" + globexId, acmeAdmin).status()).isEqualTo(404);
        assertThat(api.post("/admin/api/keys/" + globexId + "/rotate", acmeAdmin, "{}").status()).isEqualTo(404);
        Response create = api.post("/admin/api/keys", acmeAdmin, "{\"organization_id\":\"globex\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.field("detail")).contains("organization_id");
        assertThat(api.get("/admin/api/keys?organization_id=globex", acmeAdmin).status()).isEqualTo(403);
        Response own = api.get("/admin/api/keys?size=100", acmeAdmin);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("items")).allSatisfy(k -> assertThat(k.get("organization_id").asText()).isEqualTo("acme"));
        Response all = api.get("/admin/api/keys?organization_id=globex", admin);
        assertThat(all.json().get("items")).extracting(k -> k.get("id").asText()).contains(globexId);
        assertThat(api.get("/admin/api/keys/key_doesnotexist", admin).status()).isEqualTo(404);
    }

    @Test
    @Order(130)
    void listSearchesByNameAndPagesNewestFirst() {
        String tag = "page-" + Long.toHexString(System.nanoTime());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response r = create("{\"name\":\"" + tag + "-" + i + "\",\"organization_id\":\"globex\"}");
            plaintexts.add(r.field("key"));
            ids.add(r.field("id"));
        }
        Response first = api.get("/admin/api/keys?q=" + tag.toUpperCase() + "&size=2&page=1", admin);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("total").asLong()).isEqualTo(5);
        assertThat(first.json().get("page").asInt()).isEqualTo(1);
        assertThat(first.json().get("size").asInt()).isEqualTo(2);
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            Response r = api.get("/admin/api/keys?q=" + tag + "&size=2&page=" + page, admin);
            r.json().get("items").forEach(k -> seen.add(k.get("id").asText()));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).hasSize(5);
        List<String> created = new ArrayList<>();
        List<String> names = new ArrayList<>();
        api.get("/admin/api/keys?q=" + tag + "&size=5", admin).json().get("items").forEach(k -> {
            created.add(k.get("created_at").asText());
            names.add(k.get("name").asText());
        });
        assertThat(created).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
        assertThat(names.get(0)).isEqualTo(tag + "-4");
        assertThat(api.get("/admin/api/keys?q=" + tag + "&size=2&page=9", admin).json().get("items")).isEmpty();
        assertThat(api.get("/admin/api/keys", admin).json().get("size").asInt()).isEqualTo(20);
    }

    @Test
    @Order(140)
    void revokedKeyIsRefusedAtOnceAndDeleteIsIdempotent() {
        Response created = create("{\"name\":\"to revoke\",\"organization_id\":\"acme\"}");
        String key = plaintext(created);
        String id = created.field("id");
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200);
        Response delete = api.delete("/admin/api/keys/" + id, admin);
        assertThat(delete.status()).isEqualTo(204);
        assertThat(delete.text()).isEmpty();
        Response refused = api.get("/developer/api/workflows", key);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json()).isEqualTo(body("Authentication failed", "Invalid or inactive API key."));
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
        assertThat(api.delete("/admin/api/keys/" + id, admin).status()).isEqualTo(204);
        JsonNode after = api.get("/admin/api/keys/" + id, admin).json();
        assertThat(after.get("status").asText()).isEqualTo("revoked");
        assertThat(after.get("revoked_at").isNull()).isFalse();
        assertThat(api.delete("/admin/api/keys/key_doesnotexist", admin).status()).isEqualTo(404);
        Response rotateRevoked = api.post("/admin/api/keys/" + id + "/rotate", admin, "{}");
        assertThat(rotateRevoked.status()).isEqualTo(409);
    }

    @Test
    @Order(150)
    void rotateReplacesTheKeyNowOrAfterAGracePeriod() {
        Response original = create("{\"name\":\"rotating\",\"organization_id\":\"acme\",\"workflow_id\":\"wf_echo\","
                + "\"permissions\":[\"read\",\"write\"],\"team_id\":\"team_ops\",\"environment\":\"test\",\"plan\":\"pro\","
                + "\"rate_limit\":{\"limit\":100,\"window_seconds\":60},\"expires_at\":\"2099-01-01T00:00:00Z\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"bob\"}}");
        String oldKey = plaintext(original);
        Response rotated = api.post("/admin/api/keys/" + original.field("id") + "/rotate", admin, "");
        assertThat(rotated.status()).isEqualTo(201);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");
        assertThat(rotated.field("replaces")).isEqualTo(original.field("id"));
        String newKey = plaintext(rotated);
        assertThat(newKey).isNotEqualTo(oldKey);
        for (String field : List.of("name", "organization_id", "team_id", "owner", "environment", "permissions",
                "workflow_id", "plan", "rate_limit", "expires_at")) {
            assertThat(rotated.json().get(field)).as(field).isEqualTo(original.json().get(field));
        }
        assertThat(rotated.field("id")).isNotEqualTo(original.field("id"));
        assertThat(newKey).startsWith("sk_test_");
        assertThat(api.get("/developer/api/workflows", newKey).status()).isEqualTo(200);
        assertThat(api.get("/developer/api/workflows", oldKey).status()).isEqualTo(401);

        Response graceful = create("{\"name\":\"graceful\",\"organization_id\":\"acme\"}");
        String graceOld = plaintext(graceful);
        Response next = api.post("/admin/api/keys/" + graceful.field("id") + "/rotate", admin, "{\"grace_seconds\":3600}");
        assertThat(next.status()).isEqualTo(201);
        plaintexts.add(next.field("key"));
        assertThat(api.get("/developer/api/workflows", graceOld).status()).isEqualTo(200);
        JsonNode old = api.get("/admin/api/keys/" + graceful.field("id"), admin).json();
        assertThat(old.get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(old.get("expires_at").asText())).isBetween(Instant.now().plusSeconds(3500),
                Instant.now().plusSeconds(3700));
    }

    @Test
    @Order(160)
    void rateLimitAnswers429WithHeadersAndARetryAfterRetryAfterSucceeds() {
        String key = plaintext(create("{\"name\":\"limited\",\"organization_id\":\"acme\","
                + "\"rate_limit\":{\"limit\":3,\"window_seconds\":2}}"));
        // start at the beginning of an epoch-aligned 2 s window, so the four requests share one window
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() % 2000 < 400);
        for (int i = 0; i < 3; i++) {
            Response ok = api.get("/developer/api/workflows", key);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
            assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
            assertThat(Long.parseLong(ok.header("RateLimit-Reset")) % 2).isZero();
        }
        Response limited = api.get("/developer/api/workflows", key);
        assertThat(limited.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(limited.json()).isEqualTo(body("Too many requests",
                "Rate limit exceeded. Retry after " + retryAfter + " seconds."));
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        await().pollDelay(Duration.ofSeconds(retryAfter)).atMost(Duration.ofSeconds(retryAfter + 3))
                .untilAsserted(() -> assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200));
    }

    @Test
    @Order(170)
    void keyPastItsExpiryGets401Expired() {
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiringAt.plusMillis(300)));
        Response r = api.get("/developer/api/workflows", expiring);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json()).isEqualTo(body("Authentication failed", "API key has expired."));
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
        assertThat(api.get("/admin/api/keys/" + keyId(expiring), admin).field("status")).isEqualTo("expired");
    }

    @Test
    @Order(180)
    void lastUsedAtAppearsWithinTenSecondsOfAUse() {
        Response fresh = create("{\"name\":\"usage\",\"organization_id\":\"globex\"}");
        String key = plaintext(fresh);
        assertThat(fresh.json().get("last_used_at").isNull()).isTrue();
        Instant used = Instant.now();
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String lastUsed = api.get("/admin/api/keys/" + fresh.field("id"), admin).field("last_used_at");
            assertThat(lastUsed).isNotNull();
            assertThat(Instant.parse(lastUsed)).isBetween(used.minusSeconds(2), used.plusSeconds(10));
        });
    }

    @Test
    @Order(185)
    void usageOfAKeyShowsItsRequestsWithinTenSecondsWithZeroDaysFilled() {
        Response fresh = create("{\"name\":\"usage counted\",\"organization_id\":\"acme\",\"permissions\":[\"read\"]}");
        String key = plaintext(fresh);
        String id = fresh.field("id");
        for (int i = 0; i < 7; i++) {
            assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200);
        }
        // a read key may not trigger: forbidden, counted for the key too
        assertThat(api.post("/developer/api/workflows/wf_echo/trigger/sync", key, "{\"human_msg\":\"hi\"}").status())
                .isEqualTo(403);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Response usage = api.get("/admin/api/keys/" + id + "/usage?days=3", admin);
            assertThat(usage.status()).isEqualTo(200);
            JsonNode items = usage.json().get("items");
            assertThat(items).hasSize(3);
            JsonNode today = items.get(2);
            assertThat(today.get("date").asText()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
            assertThat(today.get("authenticated").asLong()).isEqualTo(7);
            assertThat(today.get("forbidden").asLong()).isEqualTo(1);
            assertThat(today.get("rate_limited").asLong()).isZero();
            assertThat(items.get(0).get("authenticated").asLong()).isZero();
        });
        assertThat(api.get("/admin/api/keys/" + id + "/usage", admin).json().get("items")).hasSize(30);
        assertThat(api.get("/admin/api/keys/" + id + "/usage?days=91", admin).status()).isEqualTo(400);
        assertThat(api.get("/admin/api/keys/" + id + "/usage?days=0", admin).status()).isEqualTo(400);
        assertThat(api.get("/admin/api/keys/key_doesnotexist/usage", admin).status()).isEqualTo(404);
    }

    @Test
    @Order(190)
    void metricsCountRequestsByOutcome() {
        Map<String, Double> counts = new TreeMap<>();
        Matcher m = Pattern.compile("apikey_auth_requests_total\\{outcome=\"(\\w+)\"} ([0-9.E+]+)")
                .matcher(api.get("/metrics", null).text());
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(counts).containsKeys("authenticated", "missing", "invalid", "revoked", "expired", "forbidden",
                "rate_limited", "blocked", "bad_request", "unavailable");
        assertThat(counts.get("authenticated")).isGreaterThan(20);
        assertThat(counts.get("missing")).isGreaterThanOrEqualTo(1);
        assertThat(counts.get("expired")).isGreaterThanOrEqualTo(1);
        assertThat(counts.get("forbidden")).isGreaterThanOrEqualTo(3);
        assertThat(counts.get("rate_limited")).isGreaterThanOrEqualTo(1);
        assertThat(counts.get("invalid") + counts.get("revoked")).isGreaterThanOrEqualTo(2);
    }

    /**
     * Contract §8 end to end: exchange a key for a token, call the workflow API with it, a token cannot be exchanged,
     * the JWK Set verifies nothing secret, a token on a short lifetime expires with the expired-token body, and the
     * client exchanges again. The short lifetime is a key's own expiry a few seconds ahead (a token never outlives
     * its key), so the suite need not wait out the 60-second minimum of {@code expires_in}.
     */
    @Test
    @Order(150)
    void tokenExchangeThenCallsActAsTheKeyExpireWithTheirBodyAndExchangeAgain() {
        Response exchanged = api.post("/developer/api/token", acme, "");
        assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
        assertThat(exchanged.header("Cache-Control")).isEqualTo("no-store");
        assertThat(exchanged.field("token_type")).isEqualTo("Bearer");
        assertThat(exchanged.json().get("expires_in").asLong()).isEqualTo(900);
        String token = exchanged.field("access_token");
        assertThat(token.split("\\.")).hasSize(3);

        assertThat(api.get("/developer/api/workflows", token).status()).isEqualTo(200);
        Response triggered = trigger(token, "wf_echo", "{\"human_msg\":\"via token\"}");
        assertThat(triggered.status()).isEqualTo(200);
        assertThat(triggered.field("output")).isEqualTo("via token");

        Response again = api.post("/developer/api/token", token, "");
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json()).isEqualTo(ApiClient.parse(
                "{\"error\":\"Forbidden\",\"detail\":\"Exchange an API key, not a token.\"}"));
        Response tooLong = api.post("/developer/api/token", acme, "{\"expires_in\":3601}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field("detail")).contains("expires_in");
        assertThat(api.post("/developer/api/token", acme, "{\"expires_in\":60}").json().get("expires_in").asLong())
                .isEqualTo(60);

        // any valid key may exchange, a read-only one too; its token keeps it read-only
        Response readOnlyExchange = api.post("/developer/api/token", acmeReadOnly, "");
        assertThat(readOnlyExchange.status()).as(readOnlyExchange.toString()).isEqualTo(200);
        String readOnlyToken = readOnlyExchange.field("access_token");
        assertThat(api.get("/developer/api/workflows", readOnlyToken).status()).isEqualTo(200);
        assertThat(trigger(readOnlyToken, "wf_echo", "{\"human_msg\":\"no\"}").status()).isEqualTo(403);

        Response jwks = api.get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Cache-Control")).startsWith("public, max-age=");
        assertThat(jwks.text()).contains("\"kty\":\"EC\"").contains("\"alg\":\"ES256\"").doesNotContain("\"d\"");

        Instant keyExpiry = Instant.now().plusSeconds(6);
        String shortLived = plaintext(create("{\"name\":\"token short-lived\",\"organization_id\":\"acme\","
                + "\"expires_at\":\"" + keyExpiry + "\"}"));
        Response shortExchange = api.post("/developer/api/token", shortLived, "");
        assertThat(shortExchange.json().get("expires_in").asLong()).isLessThanOrEqualTo(6);
        String shortToken = shortExchange.field("access_token");
        assertThat(api.get("/developer/api/workflows", shortToken).status()).isEqualTo(200);
        await("the short-lived token to expire").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Response expired = api.get("/developer/api/workflows", shortToken);
                    assertThat(expired.status()).isEqualTo(401);
                    assertThat(expired.json()).isEqualTo(ApiClient.parse("{\"error\":\"Authentication failed\","
                            + "\"detail\":\"Token has expired. Exchange your API key for a new one.\"}"));
                    assertThat(expired.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
                });

        String exchangedAgain = api.post("/developer/api/token", acme, "").field("access_token");
        assertThat(exchangedAgain).isNotEqualTo(token);
        assertThat(api.get("/developer/api/workflows", exchangedAgain).status()).isEqualTo(200);

        // revoking a key kills its tokens at once: a fresh token of a key revoked right after
        String revokedKey = plaintext(create("{\"name\":\"token revoked\",\"organization_id\":\"acme\"}"));
        String revokedToken = api.post("/developer/api/token", revokedKey, "").field("access_token");
        assertThat(api.get("/developer/api/workflows", revokedToken).status()).isEqualTo(200);
        assertThat(api.delete("/admin/api/keys/" + keyId(revokedKey), admin).status()).isEqualTo(204);
        assertThat(api.get("/developer/api/workflows", revokedToken).status()).isEqualTo(401);
    }

    /**
     * The console's server side in this container (contract §9; the in-process ConsoleInProcessTest covers every
     * rule): the cookie under the context path, the admin API reached by a forward (a JSON body, a query string, the
     * key's rules) with the console's headers kept, CSRF, and sign-out. No failed sign-in: they count against this
     * address.
     */
    @Test
    @Order(195)
    void consoleSignsInActsAsTheKeyThroughAForwardAndSignsOut() {
        String csp = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        Response signIn = api.post("/console/api/session", null, "{\"key\":\"" + acmeAdmin + "\"}");
        assertThat(signIn.status()).as(signIn.toString()).isEqualTo(200);
        Matcher cookie = Pattern.compile("keygate_console=([A-Za-z0-9_-]{43}); Path=" + container.contextPath()
                + "/console; HttpOnly; SameSite=Strict").matcher(signIn.header("Set-Cookie"));
        assertThat(cookie.matches()).as(signIn.header("Set-Cookie")).isTrue();
        String session = "keygate_console=" + cookie.group(1);
        String csrf = signIn.field("csrf_token");
        assertThat(signIn.header("Content-Security-Policy")).isEqualTo(csp);
        assertThat(signIn.text()).doesNotContain(acmeAdmin);

        Response made = api.send(api.builder("/console/api/admin/keys", null).header("Cookie", session)
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"console in a container\",\"owner\":{\"type\":\"user\",\"id\":\"it-user\"}}"))
                .build());
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        plaintexts.add(made.field("key"));
        assertThat(made.field("organization_id")).isEqualTo("acme");
        assertThat(made.header("Content-Security-Policy")).isEqualTo(csp);
        assertThat(made.header("Cache-Control")).isEqualTo("no-store");

        Response listed = api.send(api.builder("/console/api/admin/keys?q=console+in+a&size=3", null)
                .header("Cookie", session).GET().build());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("size").asInt()).isEqualTo(3);
        assertThat(listed.json().get("items")).extracting(k -> k.get("id").asText())
                .containsExactly(made.field("id"));
        assertThat(listed.header("Content-Security-Policy")).isEqualTo(csp);
        assertThat(api.send(api.builder("/console/api/admin/keys/" + keyId(globex), null)
                .header("Cookie", session).GET().build()).status()).isEqualTo(404);

        Response noCsrf = api.send(api.builder("/console/api/admin/keys/" + made.field("id"), null)
                .header("Cookie", session).DELETE().build());
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(api.get("/admin/api/keys/" + made.field("id"), admin).field("status")).isEqualTo("active");

        Response file = api.get("/console/no-such-file.js", null);
        assertThat(file.status()).isEqualTo(404);
        assertThat(file.header("Content-Security-Policy")).isEqualTo(csp);

        Response out = api.send(api.builder("/console/api/session", null).header("Cookie", session)
                .header("X-CSRF-Token", csrf).DELETE().build());
        assertThat(out.status()).isEqualTo(204);
        assertThat(api.send(api.builder("/console/api/session", null).header("Cookie", session).GET().build())
                .status()).isEqualTo(401);
    }

    @Test
    @Order(200)
    void noPlaintextKeyEverReachesTheContainerLog() {
        String log = container.logText();
        List<String> all = new ArrayList<>(plaintexts);
        all.addAll(List.of(acme, acmeTest, acmeReadOnly, acmeRestricted, acmeAdmin, globex, initech, expiring));
        for (String key : all) {
            assertThat(log).as("container log").doesNotContain(key);
        }
        if (givesBootstrapKey()) {
            assertThat(log).doesNotContain(admin);
        }
    }

    @Test
    @Order(800)
    void undeployLeavesNoLeakAndRedeployKeepsKeys() {
        assertThat(container.threadNames()).as("the check below must see the application's threads")
                .anyMatch(n -> APPLICATION_THREAD.matcher(n).matches());
        container.undeploy();
        assertNoLeakWarnings();
        await("application threads to end after undeploy").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(container.threadNames())
                        .noneMatch(n -> APPLICATION_THREAD.matcher(n).matches()));
        container.redeploy();
        assertThat(api.get("/developer/api/workflows", acme).status()).isEqualTo(200);
        assertThat(api.get("/admin/api/keys/" + keyId(globex), admin).status()).isEqualTo(200);
    }

    @Test
    @Order(900)
    void restartKeepsKeysAndInstancesAndStopLeavesNoLeak() {
        container.stop();
        assertNoLeakWarnings();
        container.start();
        assertThat(api.get("/developer/api/workflows", acme).status()).isEqualTo(200);
        assertThat(api.get("/admin/api/keys/" + keyId(acme), admin).status()).isEqualTo(200);
        Response instance = api.get("/developer/api/workflow_instances/" + echoInstance + "/status", acme);
        assertThat(instance.status()).isEqualTo(200);
        assertThat(instance.field("output")).isEqualTo("Hello, keygate");
        // the bootstrap key was created once; a restart neither replaces nor announces it again
        int announcements = container.logText().split(Pattern.quote(ANNOUNCEMENT), -1).length - 1;
        assertThat(announcements).isEqualTo(givesBootstrapKey() ? 0 : 1);
    }

    /**
     * The management plane and the security regression suite of issue 10 ({@link ManagementSuite}) in this
     * container, on this database. Runs after the ordered tests above (JUnit runs nested classes last), against
     * the restarted container.
     */
    @Nested
    class Management extends ManagementSuite {

        @Override
        protected ApiClient api() {
            return api;
        }

        @Override
        protected String admin() {
            return admin;
        }

        @Override
        protected String serverLog() {
            return container.logText();
        }
    }

    // ---- helpers ----

    protected void assertNoLeakWarnings() {
        String log = container.logText();
        for (String marker : LEAK_MARKERS) {
            assertThat(log).as("leak warning '" + marker + "' in " + container.name() + " log").doesNotContain(marker);
        }
    }

    /**
     * Creates a key with the bootstrap admin key. A body naming an organization other than the platform gets an owner
     * of its own (unless it names one): the bootstrap key's owner, the platform's service account sa_bootstrap,
     * cannot own another organization's keys (contract §7.2).
     */
    Response create(String json) {
        if (json.contains("\"organization_id\"") && !json.contains("\"owner\"")
                && !json.contains("\"organization_id\":\"platform\"")) {
            json = json.substring(0, json.lastIndexOf('}')) + ",\"owner\":{\"type\":\"user\",\"id\":\"it-user\"}}";
        }
        Response r = api.post("/admin/api/keys", admin, json);
        assertThat(r.status()).as(json + " -> " + r).isEqualTo(201);
        return r;
    }

    Response changePlan(String organization, String plan) {
        return api.send(api.builder("/admin/api/organizations/" + organization + "/plan", admin)
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"plan\":\"" + plan + "\"}")).build());
    }

    String plaintext(Response created) {
        String key = created.field("key");
        plaintexts.add(key);
        return key;
    }

    /** The id of a key from its plaintext, through the admin API's search (names are unique in this suite). */
    String keyId(String plaintext) {
        String redacted = plaintext.substring(0, plaintext.length() - 38 + 4) + "..." + plaintext.substring(plaintext.length() - 4);
        for (int page = 1; page <= 20; page++) {
            JsonNode items = api.get("/admin/api/keys?size=100&page=" + page, admin).json().get("items");
            for (JsonNode k : items) {
                if (k.get("redacted").asText().equals(redacted)) {
                    return k.get("id").asText();
                }
            }
            if (items.size() < 100) {
                break;
            }
        }
        throw new AssertionError("no key " + redacted);
    }

    Response trigger(String key, String workflow, String json) {
        return api.post("/developer/api/workflows/" + workflow + "/trigger/sync", key, json);
    }

    static JsonNode body(String error, String detail) {
        return ApiClient.parse("{\"error\":" + quote(error) + ",\"detail\":" + quote(detail) + "}");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
