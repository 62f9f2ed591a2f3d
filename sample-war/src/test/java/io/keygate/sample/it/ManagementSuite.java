package io.keygate.sample.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.it.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management plane over HTTP (contract §7.1–§7.5) and the security regression suite of issue 10: every attack
 * found by trying the sample as an attacker would, replayed. Run in-process on H2 ({@code InProcessManagementTest})
 * and in every real container of the integration tests (nested in {@link SampleApiSuite}).
 *
 * <p>Each test makes its own keys (names carry a random tag), so the tests are independent of each other and of
 * the rest of the suite. Failed authentications count against the filter's per-address limit, so only a handful
 * are made on purpose.
 */
public abstract class ManagementSuite {

    private static final String EMOJI = "\uD83D\uDE00";
    private final String tag = "m" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> plaintexts = new ArrayList<>();

    protected abstract ApiClient api();

    /** The platform's bootstrap admin key. */
    protected abstract String admin();

    /** Everything the server logged so far. */
    protected abstract String serverLog();

    // ---- §7.1: no key broader than its maker ----

    @Test
    void restrictedAdminCreatesOnlyKeysOfItsWorkflowAndCannotRotateBroaderKeys() {
        String restricted = admin("acme", "\"workflow_id\":\"wf_echo\"");
        Response inherited = post("/admin/api/keys", restricted, "{}");
        assertThat(inherited.status()).as(inherited.toString()).isEqualTo(201);
        assertThat(inherited.field("workflow_id")).isEqualTo("wf_echo");
        String child = keep(inherited.field("key"));
        assertThat(trigger(child, "wf_summarize").json()).isEqualTo(
                ApiClient.parse("{\"error\":\"API key is not authorized for this workflow\"}"));

        Response other = post("/admin/api/keys", restricted, "{\"workflow_id\":\"wf_summarize\"}");
        assertForbidden(other, "workflow_id");
        Response none = post("/admin/api/keys", restricted, "{\"organization_id\":\"acme\"}");
        assertThat(none.status()).isEqualTo(201);
        assertThat(none.field("workflow_id")).isEqualTo("wf_echo");
        keep(none.field("key"));

        String unrestrictedId = create("acme", "").field("id");
        Response rotate = post("/admin/api/keys/" + unrestrictedId + "/rotate", restricted, "{}");
        assertForbidden(rotate, "workflow_id");
        assertThat(rotate.json().has("key")).isFalse();
        assertForbidden(api().delete("/admin/api/keys/" + unrestrictedId, restricted), "workflow_id");
        assertThat(api().get("/admin/api/keys/" + unrestrictedId, admin()).field("status")).isEqualTo("active");
    }

    @Test
    void testAdminManagesTestKeysOnly() {
        String testAdmin = admin("acme", "\"environment\":\"test\"");
        assertForbidden(post("/admin/api/keys", testAdmin, "{\"environment\":\"live\"}"), "environment");
        assertForbidden(post("/admin/api/keys", testAdmin, "{}"), "environment");
        Response test = post("/admin/api/keys", testAdmin, "{\"environment\":\"test\"}");
        assertThat(test.status()).isEqualTo(201);
        assertThat(keep(test.field("key"))).startsWith("sk_test_");

        String liveId = create("acme", "").field("id");
        assertForbidden(api().get("/admin/api/keys/" + liveId, testAdmin), "environment");
        assertForbidden(api().delete("/admin/api/keys/" + liveId, testAdmin), "environment");
        JsonNode listed = api().get("/admin/api/keys?size=100", testAdmin).json().get("items");
        assertThat(listed).isNotEmpty().allSatisfy(k -> assertThat(k.get("environment").asText()).isEqualTo("test"));
        assertForbidden(api().get("/admin/api/keys?environment=live", testAdmin), "environment");
    }

    @Test
    void limitedOrExpiringAdminsPassTheirLimitAndExpiryOn() {
        // three requests an hour: exactly the three this test makes with it
        String limited = admin("acme", "\"rate_limit\":{\"limit\":3,\"window_seconds\":3600}");
        Response child = post("/admin/api/keys", limited, "{}");
        assertThat(child.status()).isEqualTo(201);
        keep(child.field("key"));
        assertThat(child.json().get("rate_limit")).isEqualTo(ApiClient.parse("{\"limit\":3,\"window_seconds\":3600}"));
        assertForbidden(post("/admin/api/keys", limited, "{\"rate_limit\":{\"limit\":4,\"window_seconds\":3600}}"),
                "rate_limit");
        // 72 a day is as fast as 3 an hour (compared exactly): allowed
        Response slower = post("/admin/api/keys", limited, "{\"rate_limit\":{\"limit\":72,\"window_seconds\":86400}}");
        assertThat(slower.status()).isEqualTo(201);
        keep(slower.field("key"));

        Instant expiry = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String expiring = admin("acme", "\"expires_at\":\"" + expiry + "\"");
        Response inherited = post("/admin/api/keys", expiring, "{}");
        assertThat(inherited.status()).isEqualTo(201);
        keep(inherited.field("key"));
        assertThat(Instant.parse(inherited.field("expires_at"))).isEqualTo(expiry);
        assertForbidden(post("/admin/api/keys", expiring, "{\"expires_at\":\"" + expiry.plusSeconds(60) + "\"}"),
                "expires_at");
    }

    @Test
    void secondRotationIsAConflictAndOnlyPlatformAdminsSetPlans() {
        String id = create("acme", "").field("id");
        Response first = post("/admin/api/keys/" + id + "/rotate", admin(), "{\"grace_seconds\":60}");
        assertThat(first.status()).isEqualTo(201);
        keep(first.field("key"));
        Response second = post("/admin/api/keys/" + id + "/rotate", admin(), "{\"grace_seconds\":60}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json()).isEqualTo(ApiClient.parse(
                "{\"error\":\"Conflict\",\"detail\":\"Key was already rotated.\"}"));

        String acmeAdmin = admin("acme", "");
        assertForbidden(post("/admin/api/keys", acmeAdmin, "{\"plan\":\"free\"}"), "plan");
        Response noAccess = post("/admin/api/keys", admin(),
                "{\"organization_id\":\"initech\",\"owner\":{\"type\":\"user\",\"id\":\"i\"}}");
        assertThat(noAccess.status()).isEqualTo(403);
        assertThat(noAccess.json()).isEqualTo(ApiClient.parse("{\"error\":\"Forbidden\","
                + "\"detail\":\"API access is not included in this organization's plan.\"}"));
        Response owner = post("/admin/api/keys", admin(), "{\"organization_id\":\"acme\"}");
        assertThat(owner.status()).isEqualTo(400);
        assertThat(owner.field("detail")).contains("owner.id");
    }

    // ---- §7.2 service accounts ----

    @Test
    void serviceAccountDisableRevokesEveryKeyItOwnsAtOnce() {
        String acmeAdmin = admin("acme", "");
        Response sa = post("/admin/api/service_accounts", acmeAdmin, "{\"name\":\"" + tag + " exporter\"}");
        assertThat(sa.status()).as(sa.toString()).isEqualTo(201);
        JsonNode account = sa.json();
        assertThat(account.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "organization_id",
                "team_id", "status", "created_at", "disabled_at");
        String id = account.get("id").asText();
        assertThat(id).startsWith("sa_");
        assertThat(account.get("organization_id").asText()).isEqualTo("acme");
        assertThat(account.get("status").asText()).isEqualTo("active");
        assertThat(account.get("disabled_at").isNull()).isTrue();
        assertThat(sa.header("Location")).endsWith("/admin/api/service_accounts/" + id);

        List<String> owned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response k = post("/admin/api/keys", acmeAdmin, "{\"owner\":{\"type\":\"service_account\",\"id\":\"" + id
                    + "\"}}");
            assertThat(k.status()).isEqualTo(201);
            owned.add(keep(k.field("key")));
        }
        assertThat(api().get("/developer/api/workflows", owned.get(0)).status()).isEqualTo(200);
        assertThat(api().get("/admin/api/keys?owner_type=service_account&owner_id=" + id, acmeAdmin).json()
                .get("total").asInt()).isEqualTo(3);
        assertThat(api().get("/admin/api/service_accounts/" + id, acmeAdmin).field("name")).isEqualTo(tag + " exporter");
        assertThat(api().get("/admin/api/service_accounts?q=" + tag.toUpperCase(Locale.ROOT) + "&status=active",
                acmeAdmin).json().get("total").asInt()).isEqualTo(1);
        assertThat(api().get("/admin/api/service_accounts/" + id, admin("globex", "")).status()).isEqualTo(404);
        assertThat(api().delete("/admin/api/service_accounts/" + id, admin("globex", "")).status()).isEqualTo(404);

        assertThat(api().delete("/admin/api/service_accounts/" + id, acmeAdmin).status()).isEqualTo(204);

        assertThat(api().get("/developer/api/workflows", owned.get(1)).status()).isEqualTo(401);
        assertThat(api().get("/admin/api/service_accounts/" + id, acmeAdmin).field("status")).isEqualTo("disabled");
        assertThat(api().get("/admin/api/keys?status=revoked&owner_id=" + id, acmeAdmin).json().get("total").asInt())
                .isEqualTo(3);
        assertThat(api().delete("/admin/api/service_accounts/" + id, acmeAdmin).status()).isEqualTo(204);
        Response disabledOwner = post("/admin/api/keys", acmeAdmin,
                "{\"owner\":{\"type\":\"service_account\",\"id\":\"" + id + "\"}}");
        assertThat(disabledOwner.status()).isEqualTo(400);
        assertThat(disabledOwner.field("detail")).contains("owner.id");
        assertThat(post("/admin/api/service_accounts", acmeAdmin, "{\"name\":\"x\",\"organization_id\":\"globex\"}")
                .status()).isEqualTo(403);
        assertThat(post("/admin/api/service_accounts", acmeAdmin, "{}").field("detail")).contains("name");
    }

    @Test
    void bootstrapAdminKeyIsOwnedByTheBootstrapServiceAccountOfThePlatform() {
        Response bootstrap = api().get("/admin/api/service_accounts/sa_bootstrap", admin());
        assertThat(bootstrap.status()).isEqualTo(200);
        assertThat(bootstrap.field("name")).isEqualTo("Bootstrap");
        assertThat(bootstrap.field("organization_id")).isEqualTo("platform");
        JsonNode keys = api().get("/admin/api/keys?owner_type=service_account&owner_id=sa_bootstrap&status=active",
                admin()).json().get("items");
        assertThat(keys).isNotEmpty();
    }

    // ---- §7.3 teams ----

    @Test
    void teamKeysSeeAndUseOnlyTheirTeamsWorkflows() {
        assertThat(api().get("/admin/api/teams?organization_id=acme", admin()).json()).isEqualTo(ApiClient.parse(
                "{\"items\":[{\"id\":\"team_ops\",\"name\":\"Ops\",\"organization_id\":\"acme\"},"
                        + "{\"id\":\"team_research\",\"name\":\"Research\",\"organization_id\":\"acme\"}]}"));
        String acmeAdmin = admin("acme", "");
        assertThat(api().get("/admin/api/teams", acmeAdmin).json().get("items")).hasSize(2);
        assertThat(api().get("/admin/api/teams?organization_id=acme", admin("globex", "")).status()).isEqualTo(403);
        assertThat(post("/admin/api/keys", acmeAdmin, "{\"team_id\":\"team_nowhere\"}").field("detail"))
                .contains("team_id");

        String ops = keep(post("/admin/api/keys", acmeAdmin, "{\"team_id\":\"team_ops\"}").field("key"));
        assertThat(api().get("/developer/api/workflows", ops).json())
                .isEqualTo(ApiClient.parse("{\"items\":[{\"id\":\"wf_echo\",\"name\":\"Echo\"}]}"));
        assertThat(trigger(ops, "wf_echo").status()).isEqualTo(200);
        Response foreign = trigger(ops, "wf_summarize");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json()).isEqualTo(ApiClient.parse("{\"error\":\"API key is not authorized for this team\"}"));
        String untagged = create("acme", "").field("key");
        String instance = trigger(untagged, "wf_summarize").field("workflow_instance_id");
        Response status = api().get("/developer/api/workflow_instances/" + instance + "/status", ops);
        assertThat(status.status()).isEqualTo(403);
        assertThat(status.field("error")).isEqualTo("API key is not authorized for this team");
    }

    // ---- §7.4 plans ----

    @Test
    void platformAdminsChangePlansEffectiveAtOnce() {
        JsonNode plans = api().get("/admin/api/plans", admin()).json().get("items");
        assertThat(plans).anySatisfy(p -> assertThat(p).isEqualTo(ApiClient.parse("{\"name\":\"starter\","
                + "\"api_access\":true,\"limits\":[{\"limit\":100,\"window_seconds\":3600},"
                + "{\"limit\":10000,\"window_seconds\":86400}]}")));
        String hooli = create("hooli", "").field("key");
        Response upper = api().post("/developer/api/workflows/wf_upper/trigger/sync", hooli, "{\"human_msg\":\"hello\"}");
        assertThat(upper.field("output")).isEqualTo("HELLO");
        assertThat(upper.header("RateLimit-Limit")).isEqualTo("300");

        assertForbidden(api().send(put("/admin/api/organizations/hooli/plan", admin("hooli", ""), "{\"plan\":\"scale\"}")),
                "plan");
        assertThat(api().send(put("/admin/api/organizations/nowhere/plan", admin(), "{\"plan\":\"scale\"}")).status())
                .isEqualTo(404);
        assertThat(api().send(put("/admin/api/organizations/hooli/plan", admin(), "{\"plan\":\"gold\"}"))
                .field("detail")).contains("plan");
        try {
            Response changed = api().send(put("/admin/api/organizations/hooli/plan", admin(), "{\"plan\":\"starter\"}"));
            assertThat(changed.json()).isEqualTo(ApiClient.parse("{\"id\":\"hooli\",\"plan\":\"starter\"}"));
            assertThat(api().get("/developer/api/workflows", hooli).header("RateLimit-Limit")).isEqualTo("100");
            api().send(put("/admin/api/organizations/hooli/plan", admin(), "{\"plan\":\"none\"}"));
            assertThat(api().get("/developer/api/workflows", hooli).status()).isEqualTo(403);
        } finally {
            assertThat(api().send(put("/admin/api/organizations/hooli/plan", admin(), "{\"plan\":\"business\"}"))
                    .status()).isEqualTo(200);
        }
    }

    // ---- §7.5 audit ----

    @Test
    void auditShowsEachActionWithItsActorAndOnlyToWhoMaySeeIt() {
        String adminId = adminKeyId();
        String id = create("acme", "").field("id");
        assertThat(api().delete("/admin/api/keys/" + id, admin()).status()).isEqualTo(204);

        JsonNode revoked = api().get("/admin/api/audit?target_id=" + id + "&action=key.revoke", admin()).json();
        assertThat(revoked.get("total").asInt()).isEqualTo(1);
        JsonNode event = revoked.get("items").get(0);
        assertThat(event.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "at", "action", "outcome", "actor",
                "target", "organization_id", "client_address");
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        assertThat(event.get("actor")).isEqualTo(ApiClient.parse("{\"key_id\":\"" + adminId
                + "\",\"organization_id\":\"platform\",\"owner\":{\"type\":\"service_account\",\"id\":\"sa_bootstrap\"}}"));
        assertThat(event.get("target")).isEqualTo(ApiClient.parse("{\"type\":\"key\",\"id\":\"" + id + "\"}"));
        assertThat(event.get("organization_id").asText()).isEqualTo("acme");
        assertThat(event.get("client_address").asText()).isNotBlank();
        assertThat(api().get("/admin/api/audit?target_id=" + id, admin()).json().get("items")).extracting(
                e -> e.get("action").asText()).containsExactly("key.revoke", "key.create");

        String globexAdmin = admin("globex", "");
        assertThat(post("/admin/api/keys", globexAdmin, "{\"plan\":\"pro\"}").status()).isEqualTo(403);
        JsonNode own = api().get("/admin/api/audit?size=100", globexAdmin).json().get("items");
        assertThat(own).isNotEmpty().allSatisfy(e -> assertThat(e.get("organization_id").asText()).isEqualTo("globex"));
        assertThat(own).anySatisfy(e -> {
            assertThat(e.get("outcome").asText()).isEqualTo("denied");
            assertThat(e.get("action").asText()).isEqualTo("key.create");
        });
        assertThat(api().get("/admin/api/audit?organization_id=acme", globexAdmin).status()).isEqualTo(403);
        assertThat(api().get("/admin/api/audit?outcome=maybe", admin()).field("detail")).contains("outcome");
        String all = api().get("/admin/api/audit?size=100", admin()).text();
        for (String key : plaintexts) {
            assertThat(all).doesNotContain(key).doesNotContain(KeyFormat.sha256Hex(key));
        }
    }

    // ---- issue 10: the security regression suite ----

    @Test
    void malformedQueryEncodingsAre400JsonWithoutAStackTrace() {
        int logBefore = serverLog().length();
        for (String query : List.of("q=%zz", "q=%ff%fe", "q=a%", "%zz=1")) {
            RawHttp.Answer a = RawHttp.send(api().builder("/", null).build().uri(), "GET",
                    uriPath("/admin/api/keys") + "?" + query, admin());
            assertThat(a.status()).as(query).isEqualTo(400);
            assertThat(a.header("Content-Type")).as(query).startsWith("application/json");
            assertThat(ApiClient.parse(a.body()).get("error").asText()).isEqualTo("Invalid request");
        }
        assertNoStackTraceSince(logBefore);
    }

    @Test
    void textNoDatabaseCanStoreIs400NamingTheField() {
        String acmeAdmin = admin("acme", "");
        assertDetail(post("/admin/api/keys", acmeAdmin, "{\"name\":\"a\\u0000b\"}"), "name");
        assertDetail(post("/admin/api/keys", acmeAdmin, "{\"name\":\"lone \\ud800 surrogate\"}"), "name");
        assertDetail(post("/admin/api/keys", acmeAdmin, "{\"name\":\"\\udc00\"}"), "name");
        assertDetail(api().get("/admin/api/keys?q=%00", acmeAdmin), "q");
        assertDetail(api().get("/admin/api/service_accounts?q=%00", acmeAdmin), "q");
        assertDetail(post("/admin/api/service_accounts", acmeAdmin, "{\"name\":\"x\\u0000\"}"), "name");
        String writer = create("acme", "").field("key");
        assertDetail(trigger(writer, "wf_echo", "{\"human_msg\":\"nul\\u0000inside\"}"), "human_msg");
        assertDetail(trigger(writer, "wf_echo", "{\"human_msg\":\"\\ud83d\"}"), "human_msg");
    }

    @Test
    void expiryBeyondWhatTheStoreCanHoldIs400() {
        assertDetail(post("/admin/api/keys", admin(), "{\"expires_at\":\"+292278994-08-17T07:12:55.808Z\"}"),
                "expires_at");
        assertDetail(post("/admin/api/keys", admin(), "{\"expires_at\":\"+10000-01-01T00:00:00Z\"}"), "expires_at");
        Response last = post("/admin/api/keys", admin(), "{\"expires_at\":\"9999-12-31T23:59:59.999Z\"}");
        assertThat(last.status()).isEqualTo(201);
        keep(last.field("key"));
        assertThat(last.field("expires_at")).isEqualTo("9999-12-31T23:59:59.999Z");
    }

    @Test
    void errorDetailsNeverRepeatAKey() {
        String key = keep(create("acme", "").field("key"));
        String secret = key.substring(8, 40);
        Response inPath = api().get("/admin/api/keys/" + key, admin());
        assertThat(inPath.status()).isEqualTo(404);
        assertThat(inPath.text()).doesNotContain(secret);
        Response fieldName = post("/admin/api/keys", admin(), "{\"" + key + "\":1}");
        assertThat(fieldName.status()).isEqualTo(400);
        assertThat(fieldName.text()).doesNotContain(secret);
        Response asOrganization = post("/admin/api/keys", admin("acme", ""), "{\"organization_id\":\"" + key + "\"}");
        assertThat(asOrganization.status()).isEqualTo(403);
        assertThat(asOrganization.text()).doesNotContain(secret);
        Response asTeam = post("/admin/api/keys", admin(), "{\"organization_id\":\"acme\",\"team_id\":\"" + key
                + "\",\"owner\":{\"type\":\"user\",\"id\":\"u\"}}");
        assertThat(asTeam.status()).isEqualTo(400);
        assertThat(asTeam.text()).doesNotContain(secret);
        assertThat(api().send(put("/admin/api/organizations/" + key + "/plan", admin(), "{\"plan\":\"pro\"}")).text())
                .doesNotContain(secret);
        assertThat(api().get("/admin/api/audit?size=100", admin()).text()).doesNotContain(secret);
        assertThat(serverLog()).doesNotContain(secret);
    }

    @Test
    void nameLengthIsCountedInCharactersNotUtf16Units() {
        String acmeAdmin = admin("acme", "");
        for (int n : new int[]{64, 128}) {
            Response r = post("/admin/api/keys", acmeAdmin, "{\"name\":\"" + EMOJI.repeat(n) + "\"}");
            assertThat(r.status()).as(n + " emoji").isEqualTo(201);
            keep(r.field("key"));
            String stored = api().get("/admin/api/keys/" + r.field("id"), acmeAdmin).field("name");
            assertThat(stored).isEqualTo(EMOJI.repeat(n));
        }
        Response over = post("/admin/api/keys", acmeAdmin, "{\"name\":\"" + EMOJI.repeat(129) + "\"}");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.field("detail")).contains("name").contains("128").contains("129").doesNotContain("256");
    }

    @Test
    void healthAndMetricsAnswerOtherMethodsWithJson405AndAllow() {
        for (String path : List.of("/health", "/metrics")) {
            for (String method : List.of("DELETE", "PUT", "PATCH", "POST", "OPTIONS")) {
                RawHttp.Answer a = RawHttp.send(api().builder("/", null).build().uri(), method, uriPath(path), null);
                assertThat(a.status()).as(method + " " + path).isEqualTo(405);
                assertThat(a.header("Allow")).as(method + " " + path).isEqualTo("GET, HEAD");
                assertThat(a.header("Content-Type")).as(method + " " + path).startsWith("application/json");
                assertThat(ApiClient.parse(a.body()).get("error").asText()).isEqualTo("Method not allowed");
            }
            // TRACE is refused by the container itself where it is configured to (Jetty's webdefault: 403, Tomcat's
            // allowTrace=false: 405), else by the sample (JSON 405); never answered, never echoing the request
            RawHttp.Answer trace = RawHttp.send(api().builder("/", null).build().uri(), "TRACE", uriPath(path), admin());
            assertThat(trace.status()).as("TRACE " + path).isIn(403, 405);
            assertThat(trace.body()).doesNotContain(admin());
        }
    }

    // ---- helpers ----

    /** Creates a key of {@code organization} with the bootstrap admin (with an owner of that organization). */
    protected Response create(String organization, String extraFields) {
        String body = "{\"name\":\"" + tag + "\",\"organization_id\":\"" + organization + "\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"" + tag + "\"}" + (extraFields.isEmpty() ? "" : "," + extraFields)
                + "}";
        Response r = post("/admin/api/keys", admin(), body);
        assertThat(r.status()).as(body + " -> " + r).isEqualTo(201);
        keep(r.field("key"));
        return r;
    }

    /** An admin key of {@code organization} with {@code extraFields}, made by the bootstrap admin. */
    protected String admin(String organization, String extraFields) {
        return create(organization, "\"permissions\":[\"admin\"]" + (extraFields.isEmpty() ? "" : "," + extraFields))
                .field("key");
    }

    private String adminKeyId() {
        String redacted = admin().substring(0, 12) + "..." + admin().substring(admin().length() - 4);
        for (JsonNode k : api().get("/admin/api/keys?organization_id=platform&size=100", admin()).json().get("items")) {
            if (k.get("redacted").asText().equals(redacted)) {
                return k.get("id").asText();
            }
        }
        throw new AssertionError("the bootstrap key is not listed");
    }

    private String keep(String plaintext) {
        plaintexts.add(plaintext);
        return plaintext;
    }

    private Response post(String path, String key, String json) {
        return api().post(path, key, json);
    }

    private Response trigger(String key, String workflow) {
        return trigger(key, workflow, "{\"human_msg\":\"hello " + tag + "\"}");
    }

    private Response trigger(String key, String workflow, String json) {
        return api().post("/developer/api/workflows/" + workflow + "/trigger/sync", key, json);
    }

    private HttpRequest put(String path, String key, String json) {
        return api().builder(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** The request target of {@code path} (context path included). */
    private String uriPath(String path) {
        return api().builder(path, null).build().uri().getRawPath();
    }

    private static void assertForbidden(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.field("error")).isEqualTo("Forbidden");
        assertThat(r.field("detail")).as(r.toString()).contains(field);
    }

    private static void assertDetail(Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.field("error")).isEqualTo("Invalid request");
        assertThat(r.field("detail")).as(r.toString()).contains(field);
    }

    private void assertNoStackTraceSince(int offset) {
        String recent = serverLog().substring(Math.min(offset, serverLog().length()));
        assertThat(recent).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SEVERE");
    }
}
