package io.keygate.sample.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.testing.Services;
import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console (contract §9) in a real Chromium against the built WAR in a real Tomcat 11 on the embedded H2
 * default: one container and one browser for the whole class, tests in order (later ones build on the keys earlier
 * ones made). Fixtures are made through the admin API with the bootstrap key; what is checked is what a person at
 * the browser sees and does, and what then happens to the keys over plain HTTP.
 *
 * <p>After every test the browser's log must hold no SEVERE entry (script errors and CSP violations land there)
 * except the failed-request lines of the console API answers a test provokes on purpose (a 401 for the session
 * probe of the sign-in page, for instance), which each test lists.
 *
 * <p>Skipped with a message when Chromium or ChromeDriver is not installed; KEYGATE_REQUIRE_SERVICES=1 (CI) turns
 * that into a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final String CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** Short, so that the timeout test waits seconds, not half an hour; every other step is busier than this. */
    static final int IDLE_SECONDS = 20;
    static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots.dir", "target/console-screenshots"));
    static final Pattern KEY = Pattern.compile("sk_(live|test)_[0-9A-Za-z]{38}");
    static final String PROBE_401 = "console/api/session - Failed to load resource: the server responded with a status of 401";

    ServletContainer container;
    ApiClient api;
    ConsoleHttp console;
    Browser browser;
    String admin;
    String acmeAdmin;
    String acmeTestAdmin;
    String globexKey;
    String globexKeyId;
    String serviceAccountId;
    final List<String> serviceAccountKeys = new ArrayList<>();
    /** Substrings of SEVERE browser-log lines the running test provokes on purpose. */
    final List<String> expectedLog = new ArrayList<>();

    @BeforeAll
    void start() {
        String missing = Browser.missing();
        if (missing != null) {
            if (Services.required()) {
                Assertions.fail(missing + " and KEYGATE_REQUIRE_SERVICES=1 requires it");
            }
            // said on the build's output too: an abort in @BeforeAll shows there as no test at all
            System.err.println("ConsoleBrowserIT: " + missing + ": the console's browser tests are skipped");
            Assumptions.abort(missing + ": the console's browser tests are skipped");
        }
        container = TomcatContainer.tomcat11();
        container.systemProperty("keygate.jdbc.url", "jdbc:h2:file:" + container.base().resolve("db/keygate")
                .toAbsolutePath() + ";AUTO_SERVER=FALSE");
        container.systemProperty("keygate.console.idle-seconds", Integer.toString(IDLE_SECONDS));
        admin = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        container.env("KEYGATE_BOOTSTRAP_KEY", admin);
        container.start();
        api = new ApiClient(container::uri);
        console = new ConsoleHttp(container::uri);

        acmeAdmin = plaintext(create("{\"name\":\"acme admin\",\"organization_id\":\"acme\",\"permissions\":[\"admin\"]}"));
        acmeTestAdmin = plaintext(create("{\"name\":\"acme test admin\",\"organization_id\":\"acme\","
                + "\"environment\":\"test\",\"permissions\":[\"admin\"]}"));
        JsonNode globex = create("{\"name\":\"globex worker\",\"organization_id\":\"globex\"}");
        globexKey = plaintext(globex);
        globexKeyId = globex.path("id").asText();
        // 60 keys to search, filter and page through: every third a test key, the first five revoked
        for (int i = 1; i <= 60; i++) {
            JsonNode k = create("{\"name\":\"batch %02d\",\"organization_id\":\"acme\",\"environment\":\"%s\"}"
                    .formatted(i, i % 3 == 0 ? "test" : "live"));
            if (i <= 5) {
                assertThat(api.delete("/admin/api/keys/" + k.path("id").asText(), admin).status()).isEqualTo(204);
            }
        }
        Response account = api.post("/admin/api/service_accounts", admin,
                "{\"name\":\"nightly export\",\"organization_id\":\"acme\"}");
        assertThat(account.status()).as(account.toString()).isEqualTo(201);
        serviceAccountId = account.field("id");
        for (int i = 1; i <= 2; i++) {
            serviceAccountKeys.add(plaintext(create(("{\"name\":\"export %d\",\"organization_id\":\"acme\","
                    + "\"owner\":{\"type\":\"service_account\",\"id\":\"%s\"}}").formatted(i, serviceAccountId))));
        }
        browser = new Browser();
        browser.grantClipboard("http://127.0.0.1:" + container.uri("/").getPort());
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (container != null) {
                container.stop();
                container.close();
            }
        }
    }

    @BeforeEach
    void forgetExpectedLog() {
        expectedLog.clear();
        expectedLog.add(PROBE_401);
    }

    /** No script error, no CSP violation, no failed request the test did not provoke. */
    @AfterEach
    void browserLogIsClean() {
        if (browser == null) {
            return;
        }
        List<String> severe = browser.log().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> expectedLog.stream().noneMatch(m::contains))
                .toList();
        assertThat(severe).as("SEVERE entries in the browser log").isEmpty();
    }

    // ---- over HTTP: headers, CSRF, session fixation ----

    @Test
    @Order(1)
    void everyConsoleResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/console/", "/console/app.css", "/console/js/app.js", "/console/js/keys.js",
                "/console/vendor/uplot/uPlot.esm.js", "/console/vendor/uplot/uPlot.min.css", "/console/favicon.svg",
                "/console/api/session", "/console/api/admin/keys")) {
            Response r = console.get(path);
            assertThat(r.status()).as(path).isIn(200, 401);
            assertThat(r.header("Content-Security-Policy")).as(path).isEqualTo(CSP);
            assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
            if (path.startsWith("/console/api/")) {
                assertThat(r.status()).as(path).isEqualTo(401);
                assertThat(r.header("Cache-Control")).as(path).isEqualTo("no-store");
            } else {
                assertThat(r.status()).as(path).isEqualTo(200);
            }
        }
        // the page loads nothing from elsewhere and has no inline script or style for CSP to block
        String page = console.get("/console/").text();
        assertThat(page).doesNotContainPattern("(?i)<script(?![^>]*\\bsrc=)").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
    }

    @Test
    @Order(2)
    void aStateChangingCallWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        ConsoleHttp.Session s = console.signIn(admin, null);
        JsonNode victim = create("{\"name\":\"csrf victim\",\"organization_id\":\"acme\"}");
        String id = victim.path("id").asText();
        for (String csrf : new String[] {null, "wrong-" + s.csrf()}) {
            Response r = console.send("DELETE", "admin/keys/" + id, s.id(), csrf, null);
            assertThat(r.status()).as("DELETE with CSRF header %s: %s", csrf, r).isEqualTo(403);
            assertThat(r.field("detail")).isEqualTo("Missing or wrong X-CSRF-Token header.");
            Response post = console.send("POST", "admin/keys", s.id(), csrf, "{\"name\":\"forged\"}");
            assertThat(post.status()).as(post.toString()).isEqualTo(403);
        }
        assertThat(api.get("/developer/api/workflows", plaintext(victim)).status()).isEqualTo(200);
        assertThat(api.get("/admin/api/keys?q=forged", admin).json().path("total").asInt()).isZero();
        // with the header the same call goes through
        assertThat(console.send("DELETE", "admin/keys/" + id, s.id(), s.csrf(), null).status()).isEqualTo(204);
        assertThat(api.get("/developer/api/workflows", plaintext(victim)).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void signingInGivesANewSessionIdAndEndsTheOldOne() {
        ConsoleHttp.Session first = console.signIn(admin, null);
        ConsoleHttp.Session second = console.signIn(admin, first.id());
        assertThat(second.id()).isNotBlank().isNotEqualTo(first.id());
        assertThat(console.send("GET", "session", first.id(), null, null).status()).isEqualTo(401);
        assertThat(console.send("GET", "session", second.id(), null, null).status()).isEqualTo(200);
        // a session id planted by someone else is never taken over
        ConsoleHttp.Session planted = console.signIn(admin, "attacker-chosen-session-id");
        assertThat(planted.id()).isNotEqualTo("attacker-chosen-session-id");
        assertThat(console.send("GET", "session", "attacker-chosen-session-id", null, null).status()).isEqualTo(401);
        // the cookie: HttpOnly, SameSite=Strict, scoped to the console
        Response r = api.send(java.net.http.HttpRequest.newBuilder(container.uri("/console/api/session"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"key\":\"" + admin + "\"}")).build());
        assertThat(ConsoleHttp.setCookieHeader(r)).contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=" + container.contextPath() + "/console");
    }

    // ---- in the browser ----

    @Test
    @Order(10)
    void signInWithAnAdminKeyKeepsNoCopyOfIt() {
        browser.driver.get(consoleUrl());
        // a session id planted in the browser before sign-in is replaced (no fixation)
        browser.visible("#sign-in-key");
        browser.driver.manage().addCookie(new Cookie(ConsoleHttp.COOKIE, "planted-by-someone-else",
                container.contextPath() + "/console"));
        // a key without admin: refused in words next to the field
        expectedLog.add("console/api/session - Failed to load resource: the server responded with a status of 403");
        typeKey(globexKey);
        browser.textAppears("#sign-in-error", "The console needs a key with the admin permission.");
        assertThat(browser.find("#sign-in-key").getAttribute("value")).isEmpty();
        assertThat(browser.find("#sign-in-key").getAttribute("aria-invalid")).isEqualTo("true");

        typeKey(admin);
        browser.visible(".keys-table");
        assertThat(browser.find("#who-text").getText()).contains("platform admin");
        assertThat(browser.find("#sign-in").isDisplayed()).isFalse();
        String session = browser.driver.manage().getCookieNamed(ConsoleHttp.COOKIE).getValue();
        assertThat(session).isNotEqualTo("planted-by-someone-else");
        assertThat(browser.driver.manage().getCookieNamed(ConsoleHttp.COOKIE).isHttpOnly()).isTrue();
        assertNoKeyInTheBrowser(admin);
    }

    @Test
    @Order(11)
    void createAKeyReadItOnceUseItAndSeeLastUsedAndUsageMove() {
        signInIfNeeded(admin);
        browser.driver.get(consoleUrl() + "#/keys");
        browser.visible(".keys-table");
        click(button("Create key"));
        WebElement dialog = browser.visible("dialog[open]");
        // client-side rules: nothing is sent, the error stands next to its field
        field(dialog, "Requests").sendKeys("100");
        click(submitIn(dialog));
        assertThat(errorOf(dialog, "rate_limit.window_seconds")).contains("rate_limit.window_seconds is required");
        field(dialog, "Requests").clear();
        // a rule only the server knows (the workflow must exist): its words land next to the workflow field
        expectedLog.add("console/api/admin/keys - Failed to load resource: the server responded with a status of 400");
        field(dialog, "Name").sendKeys("browser made");
        field(dialog, "Organization").clear();
        field(dialog, "Organization").sendKeys("acme");
        new Select(field(dialog, "Owner type")).selectByValue("user");
        field(dialog, "Owner id").sendKeys("browser-user");
        field(dialog, "Workflow restriction").sendKeys("wf_nope");
        click(submitIn(dialog));
        eventually(() -> errorOf(dialog, "workflow_id").contains("wf_nope"));
        field(dialog, "Workflow restriction").clear();
        field(dialog, "Workflow restriction").sendKeys("wf_echo");
        click(submitIn(dialog));

        WebElement panel = browser.visible("dialog[open] .shown-once");
        assertThat(panel.getText()).contains("only time this key is shown");
        String key = browser.find("dialog[open] input.secret").getAttribute("value");
        assertThat(key).matches(KEY);
        click(buttonIn(browser.find("dialog[open]"), "Copy key"));
        browser.textAppears("dialog[open] .notice", "Copied to the clipboard.");
        assertThat(browser.asyncJs("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('' + e));"))
                .isEqualTo(key);
        assertNoKeyInStorage(key);
        click(buttonIn(browser.find("dialog[open]"), "close"));
        eventually(() -> browser.findAll("dialog").isEmpty());
        assertNoKeyInTheBrowser(key);
        // the clipboard is the user's: empty it so that nothing of this test stays behind
        browser.asyncJs("const done = arguments[arguments.length - 1]; navigator.clipboard.writeText('').then(done, done);");

        // the key works from any HTTP client, and is restricted to its workflow
        assertThat(api.post("/developer/api/workflows/wf_echo/trigger/sync", key, "{\"human_msg\":\"hi\"}").status())
                .isEqualTo(200);
        assertThat(api.post("/developer/api/workflows/wf_summarize/trigger/sync", key, "{\"human_msg\":\"hi\"}").status())
                .isEqualTo(403);
        // its row, then its page: last used and the usage chart move
        typeInto("input[type=search]", "browser made");
        eventually(() -> rows().size() == 1 && rowText(0).contains("browser made"));
        click(rows().get(0).findElement(By.cssSelector("a.key-link")));
        browser.visible("#usage-totals");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            browser.driver.navigate().refresh();
            browser.visible("#usage-totals");
            assertThat(detail("Last used")).isNotEqualTo("—");
            assertThat(browser.find("#usage-totals").getText()).startsWith("1 authenticated, 0 rate limited, 1 forbidden");
        });
        assertThat(browser.findAll(".plot canvas")).isNotEmpty();
        // the key's audit events: its creation, by the bootstrap admin
        assertThat(browser.find(".audit-table").getText()).contains("key.create").contains("success");
    }

    @Test
    @Order(12)
    void searchFilterAndPageThroughSixtyKeys() {
        signInIfNeeded(admin);
        browser.driver.get(consoleUrl() + "#/keys");
        browser.visible(".keys-table");
        typeInto("input[type=search]", "batch");
        summaryIs("60 keys");
        assertThat(rows()).hasSize(20);
        assertThat(rowText(0)).contains("batch 60");
        assertThat(pageText()).isEqualTo("Page 1 of 3");
        assertThat(button("Previous page").isEnabled()).isFalse();
        click(button("Next page"));
        eventually(() -> pageText().equals("Page 2 of 3") && rowText(0).contains("batch 40"));
        click(button("Next page"));
        eventually(() -> pageText().equals("Page 3 of 3") && rowText(19).contains("batch 01"));
        assertThat(button("Next page").isEnabled()).isFalse();

        new Select(statusSelect()).selectByValue("revoked");
        summaryIs("5 keys");
        assertThat(rows()).allSatisfy(r -> assertThat(r.getText()).contains("revoked"));
        new Select(statusSelect()).selectByValue("");
        new Select(environmentSelect()).selectByValue("test");
        summaryIs("20 keys");
        assertThat(rows()).allSatisfy(r -> assertThat(r.findElement(By.cssSelector("td[data-label=Environment]")).getText())
                .isEqualTo("test"));
        new Select(environmentSelect()).selectByValue("");
        typeInto("input[type=search]", "no key is called like this");
        browser.textAppears(".empty", "No keys match these filters.");
        assertThat(rows()).isEmpty();
        typeInto("input[type=search]", "");
        eventually(() -> rows().size() == 20);
    }

    @Test
    @Order(13)
    void regenerateWithoutAndWithGrace() {
        signInIfNeeded(admin);
        // without grace: the old key is refused at once, the new one works
        String old = plaintext(create("{\"name\":\"rotate now\",\"organization_id\":\"acme\"}"));
        String fresh = regenerate("rotate now", null);
        assertThat(api.get("/developer/api/workflows", old).status()).isEqualTo(401);
        assertThat(api.get("/developer/api/workflows", fresh).status()).isEqualTo(200);
        // with 300 s grace: both work, the old one now has an expiry
        String graced = plaintext(create("{\"name\":\"rotate later\",\"organization_id\":\"acme\"}"));
        String successor = regenerate("rotate later", 300);
        assertThat(api.get("/developer/api/workflows", graced).status()).isEqualTo(200);
        assertThat(api.get("/developer/api/workflows", successor).status()).isEqualTo(200);
        JsonNode keys = api.get("/admin/api/keys?q=rotate%20later", admin).json().path("items");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).path("expires_at").isNull()).isFalse();
        assertThat(keys.get(0).path("expires_at").isNull()).isTrue();
    }

    @Test
    @Order(14)
    void revokeAfterConfirmationAndTheKeyIsRefused() {
        signInIfNeeded(admin);
        String key = plaintext(create("{\"name\":\"to revoke\",\"organization_id\":\"acme\"}"));
        showOnly("to revoke");
        click(rowButton(0, "Revoke"));
        WebElement dialog = browser.visible("dialog[open]");
        assertThat(dialog.getText()).contains("Revocation cannot be undone");
        // Cancel first: nothing happens
        click(buttonIn(dialog, "Cancel"));
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200);
        click(rowButton(0, "Revoke"));
        click(buttonIn(browser.visible("dialog[open]"), "Revoke key"));
        eventually(() -> rowText(0).contains("revoked"));
        assertThat(rowButton(0, "Revoke").isEnabled()).isFalse();
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(401);
    }

    @Test
    @Order(15)
    void disablingAServiceAccountSaysHowManyKeysItRevokesAndRevokesThem() {
        signInIfNeeded(admin);
        serviceAccountKeys.forEach(k -> assertThat(api.get("/developer/api/workflows", k).status()).isEqualTo(200));
        browser.driver.get(consoleUrl() + "#/service-accounts");
        WebElement row = browser.visible("tr[data-account-id='" + serviceAccountId + "']");
        click(row.findElement(By.xpath(".//button[normalize-space()='Disable']")));
        WebElement dialog = browser.visible("dialog[open]");
        assertThat(dialog.findElement(By.id("disable-consequence")).getText())
                .isEqualTo("This revokes its 2 active keys at once; requests with them are refused.");
        click(buttonIn(dialog, "Disable and revoke 2 keys"));
        eventually(() -> browser.find("tr[data-account-id='" + serviceAccountId + "']")
                .getText().contains("disabled"));
        serviceAccountKeys.forEach(k -> assertThat(api.get("/developer/api/workflows", k).status()).isEqualTo(401));
    }

    @Test
    @Order(16)
    void keyboardAloneCreatesAndRevokesAKey() {
        signInIfNeeded(admin);
        browser.driver.get(consoleUrl() + "#/keys");
        browser.visible(".keys-table");
        browser.js("document.activeElement && document.activeElement.blur(); window.focus();");
        tabTo("button", "Create key");
        assertFocusVisible();
        keys(Keys.ENTER);
        browser.visible("dialog[open]");
        assertThat(active("id")).isEqualTo(field(browser.find("dialog[open]"), "Name").getAttribute("id"));
        keys("keyboard made");
        // focus stays in the dialog however far one tabs
        for (int i = 0; i < 40; i++) {
            keys(Keys.TAB);
            assertThat(browser.js("return document.querySelector('dialog[open]').contains(document.activeElement)"))
                    .isEqualTo(true);
        }
        tabTo("button[type=submit]", "Create key");
        keys(Keys.ENTER);
        browser.visible("dialog[open] .shown-once");
        String key = browser.find("dialog[open] input.secret").getAttribute("value");
        assertThat(key).matches(KEY);
        assertThat(active("textContent")).isEqualTo("Copy key");
        // Escape closes the panel, the key is gone, focus is back on the button that opened the dialog
        keys(Keys.ESCAPE);
        eventually(() -> browser.findAll("dialog").isEmpty());
        assertNoKeyInTheBrowser(key);
        assertThat(active("textContent")).isEqualTo("Create key");
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(200);

        tabTo("input[type=search]", null);
        keys("keyboard made");
        eventually(() -> rows().size() == 1 && rowText(0).contains("keyboard made"));
        tabTo("button[aria-label='Revoke keyboard made']", null);
        keys(Keys.ENTER);
        browser.visible("dialog[open]");
        assertThat(active("textContent")).isEqualTo("Cancel");
        keys(Keys.ESCAPE);
        eventually(() -> browser.findAll("dialog").isEmpty());
        assertThat(active("aria-label")).isEqualTo("Revoke keyboard made");
        keys(Keys.ENTER);
        browser.visible("dialog[open]");
        keys(Keys.TAB);
        assertThat(active("textContent")).isEqualTo("Revoke key");
        keys(Keys.ENTER);
        eventually(() -> rowText(0).contains("revoked"));
        assertThat(api.get("/developer/api/workflows", key).status()).isEqualTo(401);
    }

    @Test
    @Order(17)
    void aPlatformAdminChangesAnOrganizationsPlan() {
        signInIfNeeded(admin);
        browser.driver.get(consoleUrl() + "#/plans");
        browser.visible(".plans-table");
        assertThat(browser.find("tr[data-plan=starter]").getText()).contains("100 per hour + 10,000 per day");
        typeInto("input[list]", "hooli");
        new Select(browser.find("form.inline-form select")).selectByValue("scale");
        click(button("Change plan"));
        browser.textAppears("#plan-change-result", "Organization hooli is now on plan scale.");
        assertThat(api.get("/admin/api/audit?action=organization.plan&target_id=hooli", admin).json()
                .path("total").asInt()).isEqualTo(1);
        // an organization that does not exist: the server's words next to the organization field
        expectedLog.add("organizations/no-such-org/plan - Failed to load resource");
        typeInto("input[list]", "no-such-org");
        click(button("Change plan"));
        eventually(() -> !browser.find("form.inline-form .error").getText().isEmpty());
        assertThat(browser.find("form.inline-form input[list]").getAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    @Order(20)
    void screenshotsOfTheMainScreensAtBothSizes() {
        signInIfNeeded(admin);
        String keyId = api.get("/admin/api/keys?q=browser%20made", admin).json().path("items").get(0).path("id").asText();
        for (Browser.Size size : Browser.Size.values()) {
            browser.size(size);
            String suffix = size.name().toLowerCase(java.util.Locale.ROOT);
            screen("#/keys", ".keys-table", "keys-" + suffix);
            // a phone gets one card per key (cells in a grid under their labels), a desktop a table
            assertThat(browser.js("return getComputedStyle(document.querySelector('.keys-table td')).display"))
                    .isEqualTo(size == Browser.Size.PHONE ? "grid" : "table-cell");
            click(button("Create key"));
            browser.visible("dialog[open]");
            shoot("create-key-" + suffix);
            keys(Keys.ESCAPE);
            screen("#/keys/" + keyId, ".plot canvas", "key-" + suffix);
            screen("#/service-accounts", ".accounts-table", "service-accounts-" + suffix);
            screen("#/audit", ".audit-table", "audit-" + suffix);
            screen("#/plans", ".plans-table", "plans-" + suffix);
        }
        // the sign-in screen (signs out)
        for (Browser.Size size : Browser.Size.values()) {
            browser.size(size);
            browser.driver.get("about:blank");
            browser.clearCookies();
            browser.driver.get(consoleUrl());
            browser.visible("#sign-in-key");
            shoot("sign-in-" + size.name().toLowerCase(java.util.Locale.ROOT));
        }
        browser.size(Browser.Size.DESKTOP);
    }

    @Test
    @Order(30)
    void anOrganizationAdminSeesAndActsOnItsOwnOrganizationOnly() {
        signInFresh(acmeAdmin);
        assertThat(browser.find("#who-text").getText()).contains("admin of acme");
        typeInto("input[type=search]", "");
        eventually(() -> !rows().isEmpty());
        assertThat(organizationsShown()).containsOnly("acme");
        typeInto("input[type=search]", "globex");
        browser.textAppears(".empty", "No keys match");
        // globex's key by its address: not found
        expectedLog.add("console/api/admin/keys/" + globexKeyId + " - Failed to load resource: the server responded with a status of 404");
        browser.driver.get(consoleUrl() + "#/keys/" + globexKeyId);
        browser.textAppears("main", "Key not found");
        // nor can it act on it with a well-formed request of its own session
        Object status = browser.asyncJs("""
                const id = arguments[0];
                const done = arguments[arguments.length - 1];
                fetch('api/session').then(r => r.json()).then(s => fetch('api/admin/keys/' + id,
                    {method: 'DELETE', headers: {'X-CSRF-Token': s.csrf_token}})).then(r => done(r.status), e => done('' + e));
                """, globexKeyId);
        assertThat(status).isEqualTo(404L);
        assertThat(api.get("/developer/api/workflows", globexKey).status()).isEqualTo(200);
        browser.driver.get(consoleUrl() + "#/audit");
        browser.visible(".audit-table");
        assertThat(browser.findAll(".audit-table td[data-label=Organization]")).isNotEmpty()
                .allSatisfy(td -> assertThat(td.getText()).isEqualTo("acme"));
        browser.driver.get(consoleUrl() + "#/plans");
        browser.visible(".plans-table");
        assertThat(browser.findAll("form.inline-form")).isEmpty();
    }

    @Test
    @Order(31)
    void aTestAdminSeesOnlyTestKeys() {
        signInFresh(acmeTestAdmin);
        assertThat(new Select(environmentSelect()).getOptions()).extracting(WebElement::getText).containsExactly("test");
        typeInto("input[type=search]", "batch");
        summaryIs("20 keys");
        eventually(() -> !rows().isEmpty());
        assertThat(browser.findAll(".keys-table td[data-label=Environment]")).allSatisfy(td ->
                assertThat(td.getText()).isEqualTo("test"));
        // its create dialog offers test keys only
        click(button("Create key"));
        WebElement dialog = browser.visible("dialog[open]");
        assertThat(new Select(field(dialog, "Environment")).getOptions()).extracting(WebElement::getText)
                .containsExactly("test");
        keys(Keys.ESCAPE);
    }

    @Test
    @Order(40)
    void signingOutEndsTheSession() {
        signInFresh(admin);
        String session = browser.driver.manage().getCookieNamed(ConsoleHttp.COOKIE).getValue();
        click(button("Sign out"));
        browser.textAppears("#sign-in-notice", "Signed out.");
        assertThat(console.send("GET", "session", session, null, null).status()).isEqualTo(401);
        Cookie left = browser.driver.manage().getCookieNamed(ConsoleHttp.COOKIE);
        assertThat(left == null || left.getValue().isEmpty() || !left.getValue().equals(session)).isTrue();
    }

    @Test
    @Order(41)
    void revokingTheSessionsKeyEndsTheSession() {
        JsonNode made = create("{\"name\":\"short admin\",\"organization_id\":\"platform\",\"permissions\":[\"admin\"]}");
        signInFresh(plaintext(made));
        assertThat(api.delete("/admin/api/keys/" + made.path("id").asText(), admin).status()).isEqualTo(204);
        expectedLog.add("Failed to load resource: the server responded with a status of 401");
        click(browser.find("#nav a[data-route=audit]"));
        browser.textAppears("#sign-in-notice", "The key of this console session is no longer active. Sign in again.");
        assertThat(browser.find("#view").getText()).isEmpty();
    }

    @Test
    @Order(42)
    void anIdleSessionTimesOut() {
        signInFresh(admin);
        expectedLog.add("Failed to load resource: the server responded with a status of 401");
        // nothing happens for longer than the idle timeout (Awaitility's poll delay: a bounded wait, no sleep) ...
        await("idle past the timeout").pollDelay(Duration.ofSeconds(IDLE_SECONDS + 1))
                .atMost(Duration.ofSeconds(IDLE_SECONDS + 10)).until(() -> true);
        // ... then the next click finds the session gone and the sign-in form comes back, saying why
        click(browser.find("#nav a[data-route=plans]"));
        browser.visible("#sign-in-key");
        browser.textAppears("#sign-in-notice", "Console session expired. Sign in again.");
    }

    // ---- helpers ----

    /**
     * Creates a key with the bootstrap admin key. Keys of other organizations than platform need an owner of their
     * own (the bootstrap key's owner, service account sa_bootstrap, belongs to platform): a user unless given.
     */
    private JsonNode create(String body) {
        String withOwner = body.contains("\"owner\"") ? body
                : "{\"owner\":{\"type\":\"user\",\"id\":\"console-it\"}," + body.substring(1);
        Response r = api.post("/admin/api/keys", admin, withOwner);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static String plaintext(JsonNode created) {
        return created.path("key").asText();
    }

    private String consoleUrl() {
        return container.uri("/console/").toString();
    }

    private void typeKey(String key) {
        WebElement input = browser.visible("#sign-in-key");
        input.clear();
        input.sendKeys(key);
        click(browser.find("#sign-in-submit"));
    }

    /** Signs in from a clean browser (no cookie), unless a session is already shown. */
    private void signInIfNeeded(String key) {
        browser.driver.get("about:blank");
        browser.driver.get(consoleUrl() + "#/keys");
        await().atMost(Browser.WAIT).ignoreExceptions().until(() -> browser.find("#sign-in").isDisplayed()
                || browser.find("#nav").isDisplayed());
        if (browser.find("#sign-in").isDisplayed()) {
            typeKey(key);
            browser.visible(".keys-table, .empty");
        }
    }

    private void signInFresh(String key) {
        browser.driver.get("about:blank");
        browser.clearCookies();
        browser.driver.get(consoleUrl() + "#/keys");
        typeKey(key);
        browser.visible("#nav");
        browser.visible(".keys-table, .empty");
    }

    /** Neither the storage areas, nor the cookies, nor the document (text, attributes, input values) hold key. */
    private void assertNoKeyInTheBrowser(String key) {
        assertNoKeyInStorage(key);
        assertThat(browser.driver.getPageSource()).doesNotContain(key);
        assertThat(browser.js("return [...document.querySelectorAll('input, textarea')].map(e => e.value).join(' ')"))
                .asString().doesNotContain(key);
        assertThat(browser.js("return document.documentElement.outerHTML + document.title")).asString()
                .doesNotContain(key);
    }

    private void assertNoKeyInStorage(String key) {
        assertThat(browser.js("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
        assertThat(browser.js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"))
                .asString().doesNotContain(key);
        assertThat(browser.driver.manage().getCookies()).allSatisfy(c -> assertThat(c.getValue()).doesNotContain(key));
    }

    /** A displayed button of the page (not of a dialog) with exactly this text. */
    private WebElement button(String text) {
        By by = By.xpath("//button[normalize-space()='" + text + "' and not(ancestor::dialog)]");
        await("button " + text).atMost(Browser.WAIT).ignoreExceptions()
                .until(() -> browser.driver.findElement(by).isDisplayed());
        return browser.driver.findElement(by);
    }

    private static WebElement buttonIn(WebElement scope, String textPart) {
        return scope.findElement(By.xpath(".//button[contains(normalize-space(), '" + textPart + "')]"));
    }

    private static WebElement submitIn(WebElement dialog) {
        return dialog.findElement(By.cssSelector("button[type=submit]"));
    }

    /** The control a label names, inside scope. */
    private static WebElement field(WebElement scope, String label) {
        WebElement l = scope.findElement(By.xpath(".//label[normalize-space()='" + label + "']"));
        return scope.findElement(By.id(l.getAttribute("for")));
    }

    /** The error text of the field marked data-field=name inside dialog. */
    private static String errorOf(WebElement dialog, String name) {
        return dialog.findElement(By.cssSelector("[data-field='" + name + "'] .error")).getText();
    }

    private void click(WebElement element) {
        element.click();
    }

    private void keys(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    private List<WebElement> rows() {
        return browser.findAll(".keys-table tbody tr");
    }

    private String rowText(int i) {
        return rows().get(i).getText();
    }

    private WebElement rowButton(int row, String text) {
        return rows().get(row).findElement(By.xpath(".//button[normalize-space()='" + text + "']"));
    }

    private String pageText() {
        return browser.find(".page-text").getText();
    }

    private void summaryIs(String text) {
        await(text).atMost(Browser.WAIT).ignoreExceptions().until(() -> browser.find(".summary").getText().equals(text));
    }

    private WebElement statusSelect() {
        return field(browser.find("form.filters"), "Status");
    }

    private WebElement environmentSelect() {
        return field(browser.find("form.filters"), "Environment");
    }

    private List<String> organizationsShown() {
        // read in one script: the live search may re-render the table between finding the cells and reading them
        return ((List<?>) browser.js("return [...document.querySelectorAll("
                + "'.keys-table td[data-label=Organization]')].map(td => td.innerText.trim());"))
                .stream().map(String::valueOf).toList();
    }

    private void typeInto(String css, String text) {
        WebElement input = browser.visible(css);
        input.clear();
        if (text.isEmpty()) {
            // clear() fires no input event: type and delete a character so that the live search runs
            input.sendKeys("x", Keys.BACK_SPACE);
        } else {
            input.sendKeys(text);
        }
    }

    /** Filters the keys table down to the keys named like name. */
    private void showOnly(String name) {
        browser.driver.get(consoleUrl() + "#/keys");
        browser.visible(".keys-table");
        typeInto("input[type=search]", name);
        eventually(() -> !rows().isEmpty()
                && rows().stream().allMatch(r -> r.getText().contains(name)));
    }

    /** Regenerates the newest key named name in the browser; grace null = revoke now. Returns the new plaintext. */
    private String regenerate(String name, Integer graceSeconds) {
        showOnly(name);
        click(rowButton(0, "Regenerate"));
        WebElement dialog = browser.visible("dialog[open]");
        if (graceSeconds != null) {
            click(dialog.findElement(By.xpath(".//label[normalize-space()='Keep it working for a grace period']")));
            WebElement seconds = field(dialog, "Grace period in seconds");
            seconds.clear();
            seconds.sendKeys(graceSeconds.toString());
        }
        click(buttonIn(dialog, "Regenerate key"));
        browser.visible("dialog[open] .shown-once");
        String key = browser.find("dialog[open] input.secret").getAttribute("value");
        assertThat(key).matches(KEY);
        if (graceSeconds == null) {
            // a browser that refuses the clipboard: the copy button selects the key for Ctrl+C instead
            browser.js("navigator.clipboard.writeText = () => Promise.reject(new Error('refused'));");
            click(buttonIn(browser.find("dialog[open]"), "Copy key"));
            browser.textAppears("dialog[open] .notice", "The key is selected: press Ctrl+C");
            assertThat(browser.js("const i = document.activeElement; return i.classList.contains('secret')"
                    + " && i.selectionStart === 0 && i.selectionEnd === i.value.length")).isEqualTo(true);
        }
        click(buttonIn(browser.find("dialog[open]"), "close"));
        eventually(() -> browser.findAll("dialog").isEmpty());
        assertNoKeyInTheBrowser(key);
        return key;
    }

    /** Waits (bounded) until the condition holds; a table re-rendered under the check is checked again. */
    private static void eventually(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Browser.WAIT).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    /** Presses Tab until the focused element matches css (and has the text, when given); at most 80 presses. */
    private void tabTo(String css, String text) {
        for (int i = 0; i < 80; i++) {
            Object match = browser.js("const a = document.activeElement; return !!a && a.matches(arguments[0])"
                    + " && (arguments[1] === null || a.textContent.trim() === arguments[1]);", css, text);
            if (Boolean.TRUE.equals(match)) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + css + (text == null ? "" : " '" + text + "'"));
    }

    private String active(String property) {
        return String.valueOf(browser.js("const a = document.activeElement; const v = arguments[0] === 'textContent'"
                + " ? a.textContent.trim() : (a.getAttribute(arguments[0]) ?? a[arguments[0]]); return v;", property));
    }

    /** The focused element shows a focus ring. */
    private void assertFocusVisible() {
        assertThat(browser.js("const s = getComputedStyle(document.activeElement);"
                + " return s.outlineStyle + ' ' + s.outlineWidth")).isEqualTo("solid 3px");
    }

    /** The value of a key page's detail. */
    private String detail(String term) {
        return browser.driver.findElement(By.xpath("//dl//dt[normalize-space()='" + term + "']/following-sibling::dd"))
                .getText();
    }

    private void screen(String route, String ready, String name) {
        browser.driver.get(consoleUrl() + route);
        browser.visible(ready);
        shoot(name);
    }

    private void shoot(String name) {
        // no horizontal scrolling at either size: tables scroll inside their box or become cards
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).as(name)
                .isEqualTo(true);
        browser.js("if (!document.querySelector('dialog[open]') && document.activeElement) { document.activeElement.blur(); }");
        browser.screenshot(SCREENSHOTS.resolve(name + ".png"));
    }
}
