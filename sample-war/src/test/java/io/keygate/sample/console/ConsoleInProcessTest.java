package io.keygate.sample.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's server side (contract §9, the console API) over HTTP: the sample in embedded Jetty with the real
 * web.xml servlets and filter, on H2, on a clock the tests move (session timeouts without sleeping). The tests run in
 * order; the failed-sign-in flood that blocks the test's address comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInProcessTest {

    static final String CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final Pattern COOKIE = Pattern.compile(
            "keygate_console=([A-Za-z0-9_-]{43}); Path=/console; HttpOnly; SameSite=Strict");
    static final String INVALID = "{\"error\":\"Authentication failed\",\"detail\":\"Invalid or inactive API key.\"}";

    @TempDir
    static Path directory;
    @TempDir
    static Path webRoot;

    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private InProcessSample sample;
    private ApiClient api;
    private String admin;

    private String acmeAdmin;
    private String acmeAdminId;
    private String acmeTestAdmin;
    private String acmeWriter;
    private String acmeWriterId;
    private String globexKeyId;
    private String acmeLiveKeyId;
    private String hooliAdmin;

    @BeforeAll
    void start() throws Exception {
        Files.createDirectories(webRoot.resolve("console/js"));
        Files.writeString(webRoot.resolve("console/index.html"), "<!doctype html><title>keygate console</title>");
        Files.writeString(webRoot.resolve("console/js/app.js"), "export const ready = true;\n");
        sample = InProcessSample.onH2(directory, clock, webRoot);
        api = new ApiClient(sample::uri);
        admin = sample.adminKey();
        JsonNode k = created("{\"name\":\"acme console admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"],"
                + "\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}");
        acmeAdmin = k.get("key").asText();
        acmeAdminId = k.get("id").asText();
        acmeTestAdmin = created("{\"name\":\"acme test admin\",\"organization_id\":\"acme\",\"environment\":\"test\","
                + "\"permissions\":[\"admin\"],\"owner\":{\"type\":\"user\",\"id\":\"tess\"}}").get("key").asText();
        JsonNode writer = created("{\"name\":\"acme writer\",\"organization_id\":\"acme\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"bob\"}}");
        acmeWriter = writer.get("key").asText();
        acmeWriterId = writer.get("id").asText();
        acmeLiveKeyId = acmeWriterId;
        globexKeyId = created("{\"name\":\"globex job\",\"organization_id\":\"globex\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"gus\"}}").get("id").asText();
        hooliAdmin = created("{\"name\":\"hooli admin\",\"organization_id\":\"hooli\",\"permissions\":[\"admin\"],"
                + "\"owner\":{\"type\":\"user\",\"id\":\"gavin\"}}").get("key").asText();
    }

    @AfterAll
    void stop() throws Exception {
        sample.close();
    }

    private JsonNode created(String body) {
        Response r = api.post("/admin/api/keys", admin, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    // ---- a browser's view: a cookie and a CSRF token ----

    /** A signed-in console: the cookie's session id and the CSRF token, as a browser holds them. */
    record Console(String sessionId, String csrf, Response signIn) {
    }

    private Response signInRaw(String body, String cookie) {
        HttpRequest.Builder b = api.builder("/console/api/session", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", "keygate_console=" + cookie);
        }
        return api.send(b.build());
    }

    private Console signIn(String key) {
        Response r = signInRaw("{\"key\":\"" + key + "\"}", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Console(sessionId(r), r.field("csrf_token"), r);
    }

    private static String sessionId(Response r) {
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        Matcher m = COOKIE.matcher(cookies.get(0));
        assertThat(m.matches()).as(cookies.get(0)).isTrue();
        return m.group(1);
    }

    private Response call(Console c, String method, String path, String body, String csrf) {
        HttpRequest.Builder b = api.builder(path, null).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (c != null) {
            b.header("Cookie", "keygate_console=" + c.sessionId());
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return api.send(b.build());
    }

    private Response get(Console c, String path) {
        return call(c, "GET", path, null, null);
    }

    private static void assertConsoleHeaders(Response r) {
        assertThat(r.header("Content-Security-Policy")).as(r.toString()).isEqualTo(CSP);
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private static void assertApiHeaders(Response r) {
        assertConsoleHeaders(r);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    // ---- sign-in ----

    @Test
    @Order(1)
    void signInWithAdminKeyThenSessionCookieWithExactlyTheAttributesAndTheSessionBody() {
        Console c = signIn(acmeAdmin);
        Response r = c.signIn();
        assertApiHeaders(r);
        assertThat(r.field("key_id")).isEqualTo(acmeAdminId);
        assertThat(r.field("name")).isEqualTo("acme console admin");
        assertThat(r.field("organization_id")).isEqualTo("acme");
        assertThat(r.json().get("team_id").isNull()).isTrue();
        assertThat(r.field("environment")).isEqualTo("live");
        assertThat(r.json().get("permissions").toString()).isEqualTo("[\"read\",\"write\",\"admin\"]");
        assertThat(r.json().get("platform_admin").asBoolean()).isFalse();
        assertThat(c.csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(c.sessionId());
        assertThat(Instant.parse(r.field("expires_at"))).isEqualTo(clock.instant().plus(Duration.ofHours(8)));
        assertThat(r.json().get("idle_timeout_seconds").asLong()).isEqualTo(1800);
        assertThat(r.text()).doesNotContain(acmeAdmin).doesNotContain(acmeAdmin.substring(8, 20));
        // the platform's bootstrap key is a platform admin
        assertThat(signIn(admin).signIn().json().get("platform_admin").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void signInAgainThenNewSessionIdAndTheOldSessionIsOver() {
        Console first = signIn(acmeAdmin);
        Response again = signInRaw("{\"key\":\"" + acmeAdmin + "\"}", first.sessionId());
        assertThat(again.status()).isEqualTo(200);
        String second = sessionId(again);
        assertThat(second).isNotEqualTo(first.sessionId());
        assertThat(again.field("csrf_token")).isNotEqualTo(first.csrf());
        Response old = get(first, "/console/api/session");
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.field("detail")).isEqualTo("No console session. Sign in with an admin key.");
        assertThat(get(new Console(second, null, null), "/console/api/session").status()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void signInWithBadKeysThen401WithTheFilterBodies() {
        String unknown = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        for (String key : List.of("sk_live_nope", unknown)) {
            Response r = signInRaw("{\"key\":\"" + key + "\"}", null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.text()).isEqualTo(INVALID);
            assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
            assertApiHeaders(r);
        }
    }

    @Test
    @Order(4)
    void signInWithMalformedRequestsThen400Or415NamingTheProblem() {
        Response noKey = signInRaw("{}", null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.field("error")).isEqualTo("Invalid request");
        assertThat(noKey.field("detail")).startsWith("key: required");
        assertThat(signInRaw("{\"key\":\"  \"}", null).field("detail")).isEqualTo("key: must not be blank");
        assertThat(signInRaw("{\"key\":5}", null).field("detail")).isEqualTo("key: must be a string");
        assertThat(signInRaw("{\"key\":\"x\",\"remember\":true}", null).field("detail"))
                .isEqualTo("remember: unknown field; the body has only 'key'");
        Response badJson = signInRaw("{\"key\":\"" + acmeAdmin + "\"", null);
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.text()).doesNotContain(acmeAdmin);
        Response form = api.send(api.builder("/console/api/session", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + acmeAdmin)).build());
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.field("error")).isEqualTo("Unsupported media type");
        assertApiHeaders(form);
    }

    @Test
    @Order(5)
    void signInWithKeyWithoutAdminThen403AndADeniedSignInInTheAudit() {
        Response r = signInRaw("{\"key\":\"" + acmeWriter + "\"}", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).isEqualTo(
                "{\"error\":\"Forbidden\",\"detail\":\"The console needs a key with the admin permission.\"}");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        JsonNode events = api.get("/admin/api/audit?action=console.sign_in&actor_key_id=" + acmeWriterId, admin)
                .json().get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("outcome").asText()).isEqualTo("denied");
        assertThat(events.get(0).get("target").get("id").asText()).isEqualTo(acmeWriterId);
    }

    @Test
    @Order(6)
    void signInWhenOrganizationPlanHasNoApiAccessThen403PlanBody() {
        assertThat(api.send(api.builder("/admin/api/organizations/hooli/plan", admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"plan\":\"none\"}")).build()).status()).isEqualTo(200);
        try {
            Response r = signInRaw("{\"key\":\"" + hooliAdmin + "\"}", null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.text()).isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"API access is not included in this "
                    + "organization's plan.\"}");
        } finally {
            assertThat(api.send(api.builder("/admin/api/organizations/hooli/plan", admin)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"plan\":\"business\"}")).build()).status())
                    .isEqualTo(200);
        }
        assertThat(signInRaw("{\"key\":\"" + hooliAdmin + "\"}", null).status()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void signInOverTheKeysRateLimitThenTheFilters429ButConsoleCallsAreNotCounted() {
        JsonNode k = created("{\"name\":\"slow admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"],"
                + "\"rate_limit\":{\"limit\":1,\"window_seconds\":3600},\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}");
        Console c = signIn(k.get("key").asText());
        Response again = signInRaw("{\"key\":\"" + k.get("key").asText() + "\"}", null);
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.field("detail")).startsWith("Rate limit exceeded. Retry after ");
        assertThat(again.header("Retry-After")).isNotNull();
        assertThat(again.header("RateLimit-Limit")).isEqualTo("1");
        JsonNode denied = api.get("/admin/api/audit?action=console.sign_in&outcome=denied&actor_key_id="
                + k.get("id").asText(), admin).json().get("items");
        assertThat(denied).hasSize(1);
        // the administrator's clicks are not the key's API traffic
        for (int i = 0; i < 3; i++) {
            assertThat(get(c, "/console/api/admin/keys?size=1").status()).isEqualTo(200);
        }
    }

    @Test
    @Order(8)
    void signInWithATokenExchangedForAnAdminKeyThen401Invalid() {
        Response token = api.post("/developer/api/token", acmeAdmin, "");
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        Response r = signInRaw("{\"key\":\"" + token.field("access_token") + "\"}", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo(INVALID);
    }

    // ---- the session ----

    @Test
    @Order(10)
    void getSessionThenSameBodyAndCsrfTokenOr401WithoutOne() {
        Console c = signIn(acmeAdmin);
        Response r = get(c, "/console/api/session");
        assertThat(r.status()).isEqualTo(200);
        assertApiHeaders(r);
        assertThat(r.field("csrf_token")).isEqualTo(c.csrf());
        assertThat(r.field("key_id")).isEqualTo(acmeAdminId);
        assertThat(r.field("expires_at")).isEqualTo(c.signIn().field("expires_at"));
        Response none = get(null, "/console/api/session");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text()).isEqualTo("{\"error\":\"Authentication failed\","
                + "\"detail\":\"No console session. Sign in with an admin key.\"}");
        assertApiHeaders(none);
        Response forged = get(new Console("A".repeat(43), null, null), "/console/api/session");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.field("detail")).isEqualTo("No console session. Sign in with an admin key.");
    }

    // ---- acting as the key ----

    @Test
    @Order(20)
    void consoleActsAsTheSessionsKeyWithTheAdminApisRules() {
        Console c = signIn(acmeAdmin);
        Response made = call(c, "POST", "/console/api/admin/keys",
                "{\"name\":\"made in the console\",\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}", c.csrf());
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertApiHeaders(made);
        assertThat(made.field("organization_id")).isEqualTo("acme");
        assertThat(made.field("key")).startsWith("sk_live_");
        String id = made.field("id");

        Response list = get(c, "/console/api/admin/keys?q=made+in&size=5");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("size").asInt()).isEqualTo(5);
        assertThat(list.json().get("items")).extracting(k -> k.get("id").asText()).containsExactly(id);
        Response all = get(c, "/console/api/admin/keys?size=100");
        assertThat(all.json().get("items")).extracting(k -> k.get("organization_id").asText()).containsOnly("acme");

        // another organization's key does not exist for an acme admin, and neither may it be named
        Response globex = get(c, "/console/api/admin/keys/" + globexKeyId);
        assertThat(globex.status()).isEqualTo(404);
        assertThat(call(c, "DELETE", "/console/api/admin/keys/" + globexKeyId, null, c.csrf()).status())
                .isEqualTo(404);
        assertThat(api.get("/admin/api/keys/" + globexKeyId, admin).field("status")).isEqualTo("active");
        Response otherOrg = call(c, "POST", "/console/api/admin/keys",
                "{\"organization_id\":\"globex\",\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}", c.csrf());
        assertThat(otherOrg.status()).isEqualTo(403);
        assertThat(otherOrg.field("error")).isEqualTo("Forbidden");

        // validation answers as the admin API's
        Response bad = call(c, "POST", "/console/api/admin/keys", "{\"name\":5}", c.csrf());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field("error")).isEqualTo("Invalid request");

        assertThat(call(c, "DELETE", "/console/api/admin/keys/" + id, null, c.csrf()).status()).isEqualTo(204);
        assertThat(get(c, "/console/api/admin/keys/" + id).field("status")).isEqualTo("revoked");
        assertThat(get(c, "/console/api/admin/keys/no_such_key_anywhere").status()).isEqualTo(404);
        assertThat(get(c, "/console/api/admin/teams").json().get("items")).isNotEmpty();
        Response nowhere = get(c, "/console/api/nowhere");
        assertThat(nowhere.status()).isEqualTo(404);
        assertApiHeaders(nowhere);
    }

    @Test
    @Order(25)
    void pathsThatClimbOutOfTheAdminApiReachNothingElse() {
        Console c = signIn(acmeAdmin);
        for (String path : List.of("/console/api/admin/%2e%2e/%2e%2e/developer/api/workflows",
                "/console/api/admin/..%2F..%2Fdeveloper/api/workflows",
                "/console/api/admin/keys/../../../developer/api/workflows")) {
            Response r = get(c, path);
            assertThat(r.status()).as(path + " " + r).isBetween(400, 499);
            assertThat(r.text()).doesNotContain("wf_echo");
        }
    }

    @Test
    @Order(21)
    void consoleOfATestAdminSeesOnlyTestKeys() {
        Console c = signIn(acmeTestAdmin);
        JsonNode items = get(c, "/console/api/admin/keys?size=100").json().get("items");
        assertThat(items).isNotEmpty();
        assertThat(items).extracting(k -> k.get("environment").asText()).containsOnly("test");
        // as the admin API answers a test key naming a live key: 403 naming the rule
        Response live1 = get(c, "/console/api/admin/keys/" + acmeLiveKeyId);
        assertThat(live1.status()).isEqualTo(403);
        assertThat(live1.field("detail")).startsWith("environment");
        assertThat(get(c, "/console/api/admin/keys?environment=live").status()).isEqualTo(403);
        Response live = call(c, "POST", "/console/api/admin/keys",
                "{\"environment\":\"live\",\"owner\":{\"type\":\"user\",\"id\":\"tess\"}}", c.csrf());
        assertThat(live.status()).isEqualTo(403);
        assertThat(live.field("detail")).startsWith("environment");
    }

    @Test
    @Order(22)
    void stateChangingCallWithoutOrWithAWrongCsrfTokenThen403AndNothingChanges() {
        Console c = signIn(acmeAdmin);
        String body = "{\"name\":\"csrf probe\",\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}";
        for (String csrf : new String[]{null, "wrong", c.csrf().substring(1) + "x"}) {
            Response r = call(c, "POST", "/console/api/admin/keys", body, csrf);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.text()).isEqualTo(
                    "{\"error\":\"Forbidden\",\"detail\":\"Missing or wrong X-CSRF-Token header.\"}");
            assertApiHeaders(r);
        }
        assertThat(api.get("/admin/api/keys?q=csrf+probe", admin).json().get("total").asInt()).isZero();
        Response revoke = call(c, "DELETE", "/console/api/admin/keys/" + acmeWriterId, null, null);
        assertThat(revoke.status()).isEqualTo(403);
        assertThat(api.get("/admin/api/keys/" + acmeWriterId, admin).field("status")).isEqualTo("active");
        // another session's token is no token of this one
        Console other = signIn(acmeAdmin);
        assertThat(call(c, "DELETE", "/console/api/admin/keys/" + acmeWriterId, null, other.csrf()).status())
                .isEqualTo(403);
        assertThat(call(c, "DELETE", "/console/api/session", null, null).status()).isEqualTo(403);
        assertThat(get(c, "/console/api/session").status()).isEqualTo(200);
    }

    // ---- static files ----

    @Test
    @Order(30)
    void staticFilesAndTheirErrorsCarryTheConsoleHeaders() {
        Response index = api.get("/console/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.text()).contains("keygate console");
        assertConsoleHeaders(index);
        Response js = api.get("/console/js/app.js", null);
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertConsoleHeaders(js);
        for (String path : List.of("/console/missing.js", "/console/js/", "/console/.hidden.js",
                "/console/WEB-INF/web.xml", "/console/index.exe")) {
            Response missing = api.get(path, null);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.field("error")).isEqualTo("Not found");
            assertConsoleHeaders(missing);
        }
        Response post = api.post("/console/index.html", null, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertConsoleHeaders(post);
        Response bare = api.get("/console", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).endsWith("/console/");
        assertConsoleHeaders(bare);
        // no key needed, and none asked for: the keygate filter leaves /console alone
        assertThat(index.header("WWW-Authenticate")).isNull();
    }

    // ---- the end of a session ----

    @Test
    @Order(40)
    void revokingTheSessionsKeyThenTheNextCallIs401AndTheSessionIsOver() {
        JsonNode k = created("{\"name\":\"short-lived admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"],"
                + "\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}");
        Console c = signIn(k.get("key").asText());
        assertThat(get(c, "/console/api/admin/keys").status()).isEqualTo(200);
        assertThat(api.delete("/admin/api/keys/" + k.get("id").asText(), admin).status()).isEqualTo(204);
        Response r = get(c, "/console/api/admin/keys");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text()).isEqualTo("{\"error\":\"Authentication failed\",\"detail\":\"The key of this console "
                + "session is no longer active. Sign in again.\"}");
        assertThat(r.header("Set-Cookie")).isEqualTo("keygate_console=; Max-Age=0; Path=/console; HttpOnly; "
                + "SameSite=Strict");
        assertThat(get(c, "/console/api/session").field("detail"))
                .isEqualTo("No console session. Sign in with an admin key.");
        // and the revoked key signs in no more
        assertThat(signInRaw("{\"key\":\"" + k.get("key").asText() + "\"}", null).text()).isEqualTo(INVALID);
    }

    @Test
    @Order(44)
    void keyPastItsExpiryEndsItsSessionAndSignsInNoMore() {
        JsonNode k = created("{\"name\":\"expiring admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"],"
                + "\"expires_at\":\"" + clock.instant().plus(Duration.ofMinutes(10)) + "\","
                + "\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}");
        Console c = signIn(k.get("key").asText());
        clock.advance(Duration.ofMinutes(11));
        Response r = get(c, "/console/api/session");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.field("detail")).isEqualTo(
                "The key of this console session is no longer active. Sign in again.");
        Response again = signInRaw("{\"key\":\"" + k.get("key").asText() + "\"}", null);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.text()).isEqualTo(
                "{\"error\":\"Authentication failed\",\"detail\":\"API key has expired.\"}");
    }

    @Test
    @Order(41)
    void sessionIdleForThirtyMinutesThenExpired() {
        Console c = signIn(acmeAdmin);
        clock.advance(Duration.ofMinutes(29));
        assertThat(get(c, "/console/api/session").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(get(c, "/console/api/admin/keys").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        Response r = get(c, "/console/api/admin/keys");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.field("detail")).isEqualTo("Console session expired. Sign in again.");
        assertThat(get(c, "/console/api/session").field("detail"))
                .isEqualTo("No console session. Sign in with an admin key.");
    }

    @Test
    @Order(42)
    void sessionEndsEightHoursAfterSignInHoweverBusy() {
        Console c = signIn(acmeAdmin);
        Instant end = Instant.parse(c.signIn().field("expires_at"));
        while (clock.instant().plus(Duration.ofMinutes(20)).isBefore(end)) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(get(c, "/console/api/session").status()).as(clock.toString()).isEqualTo(200);
        }
        clock.set(end);
        Response r = get(c, "/console/api/session");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.field("detail")).isEqualTo("Console session expired. Sign in again.");
    }

    @Test
    @Order(43)
    void signOutThen204CookieClearedAnd401After() {
        Console c = signIn(acmeAdmin);
        Response out = call(c, "DELETE", "/console/api/session", null, c.csrf());
        assertThat(out.status()).isEqualTo(204);
        assertConsoleHeaders(out);
        assertThat(out.header("Set-Cookie")).isEqualTo("keygate_console=; Max-Age=0; Path=/console; HttpOnly; "
                + "SameSite=Strict");
        assertThat(get(c, "/console/api/session").status()).isEqualTo(401);
        assertThat(get(c, "/console/api/admin/keys").status()).isEqualTo(401);
        assertThat(call(c, "DELETE", "/console/api/session", null, c.csrf()).status()).isEqualTo(401);
    }

    // ---- the audit log ----

    @Test
    @Order(50)
    void signInSignOutAndChangesThroughTheConsoleAreAuditedWithTheirActor() {
        Console c = signIn(acmeAdmin);
        Response made = call(c, "POST", "/console/api/admin/keys",
                "{\"name\":\"audited\",\"owner\":{\"type\":\"user\",\"id\":\"alice\"}}", c.csrf());
        String madeId = made.field("id");
        assertThat(call(c, "DELETE", "/console/api/session", null, c.csrf()).status()).isEqualTo(204);

        JsonNode created = api.get("/admin/api/audit?action=key.create&target_id=" + madeId, admin).json()
                .get("items");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("actor").get("key_id").asText()).isEqualTo(acmeAdminId);
        assertThat(created.get(0).get("outcome").asText()).isEqualTo("success");
        assertThat(created.get(0).get("client_address").asText()).isEqualTo("127.0.0.1");
        for (String action : List.of("console.sign_in", "console.sign_out")) {
            JsonNode events = api.get("/admin/api/audit?action=" + action + "&actor_key_id=" + acmeAdminId
                    + "&outcome=success&size=1", admin).json().get("items");
            assertThat(events).as(action).hasSize(1);
            JsonNode e = events.get(0);
            assertThat(e.get("actor").get("organization_id").asText()).isEqualTo("acme");
            assertThat(e.get("actor").get("owner").get("id").asText()).isEqualTo("alice");
            assertThat(e.get("target").get("type").asText()).isEqualTo("key");
            assertThat(e.get("target").get("id").asText()).isEqualTo(acmeAdminId);
            assertThat(e.get("organization_id").asText()).isEqualTo("acme");
            assertThat(e.get("client_address").asText()).isEqualTo("127.0.0.1");
        }
        // an acme admin reads its organization's console events through the console too
        Console again = signIn(acmeAdmin);
        JsonNode own = get(again, "/console/api/admin/audit?action=console.sign_out&actor_key_id=" + acmeAdminId)
                .json().get("items");
        assertThat(own).isNotEmpty();
        assertThat(api.get("/admin/api/audit?size=100", admin).text()).doesNotContain(acmeAdmin);
    }

    // ---- last: the flood that blocks this address ----

    @Test
    @Order(90)
    void failedSignInsCountTowardTheFiltersLimitThen429ForSignInsAndApiCallsAlike() {
        // a fresh failed-authentication window, then the admin key verified (and cached) in it
        clock.advance(Duration.ofMinutes(2));
        assertThat(signInRaw("{\"key\":\"" + acmeAdmin + "\"}", null).status()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(signInRaw("{\"key\":\"" + KeyFormat.standard().generate(Environment.LIVE).plaintext()
                    + "\"}", null).status());
        }
        assertThat(statuses).containsOnly(401);
        Response blocked = signInRaw("{\"key\":\"" + KeyFormat.standard().generate(Environment.LIVE).plaintext()
                + "\"}", null);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.field("detail")).startsWith("Too many failed authentication attempts. Retry after ");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 60L);
        assertApiHeaders(blocked);
        // one limit for the console and the API: a Bearer call with an unknown key from here is blocked too
        String unknown = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        assertThat(api.get("/developer/api/workflows", unknown).status()).isEqualTo(429);
        // a key this node verified before still passes (contract §2 step 4)
        assertThat(signInRaw("{\"key\":\"" + acmeAdmin + "\"}", null).status()).isEqualTo(200);
        // and the window passes
        clock.advance(Duration.ofMinutes(1));
        assertThat(signInRaw("{\"key\":\"" + unknown + "\"}", null).status()).isEqualTo(401);
    }
}
