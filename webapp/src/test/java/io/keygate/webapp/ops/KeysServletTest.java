package io.keygate.webapp.ops;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.webapp.WebappSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Key management over HTTP for web.xml-only applications, in an embedded Jetty behind the filter. */
class KeysServletTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String admin = KeyFormat.standard().generate(Environment.LIVE).plaintext();
    private io.keygate.webapp.EmbeddedWebappAccess app;

    @BeforeEach
    void start() throws Exception {
        app = io.keygate.webapp.EmbeddedWebappAccess.start(Map.of(WebappSettings.JDBC_URL,
                "jdbc:h2:mem:keys" + System.nanoTime(), WebappSettings.BOOTSTRAP_KEY, admin));
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void createWhenAdminAsksThenKeyShownOnceAuthenticatesAndCanBeReadAndRevoked() throws Exception {
        HttpResponse<String> created = send("POST", "/api/keys", admin, "{\"name\":\"client\",\"permissions\":[\"read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        JsonObject key = json(created);
        String plaintext = key.getString("key");
        assertThat(key.getString("organization_id")).isEqualTo("platform");
        assertThat(key.getJsonArray("permissions").getString(0)).isEqualTo("read");
        assertThat(key.getString("redacted")).startsWith(plaintext.substring(0, 12)).contains("...");

        assertThat(send("GET", "/api/hello", plaintext, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/keys", plaintext, "{}").statusCode()).as("read key is no admin").isEqualTo(403);

        String id = key.getString("id");
        HttpResponse<String> read = send("GET", "/api/keys/" + id, admin, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).containsKey("key")).isFalse();
        assertThat(read.body()).doesNotContain(plaintext);

        assertThat(send("DELETE", "/api/keys/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(json(send("GET", "/api/keys/" + id, admin, null)).getString("status")).isEqualTo("revoked");
        assertThat(send("GET", "/api/hello", plaintext, null).statusCode()).isEqualTo(401);
    }

    @Test
    void createWhenTheBodyIsBadThen400NamingTheField() throws Exception {
        assertThat(send("POST", "/api/keys", admin, "{\"permissions\":[\"root\"]}").body())
                .contains("permission must be one of 'read', 'write', 'admin'");
        HttpResponse<String> notJson = send("POST", "/api/keys", admin, "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).isEqualTo("{\"error\":\"Invalid request\",\"detail\":\"the body is not valid JSON\"}");
        assertThat(send("POST", "/api/keys", admin, "{\"expires_at\":\"tomorrow\"}").body())
                .contains("expires_at must be an ISO 8601 instant");
        assertThat(send("POST", "/api/keys", admin, "{\"name\":5}").body()).contains("name must be a string");
        assertThat(send("GET", "/api/keys/key_unknown", admin, null).statusCode()).isEqualTo(404);
        HttpResponse<String> put = send("PUT", "/api/keys/key_x", admin, "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, DELETE");
    }

    @Test
    void createWhenATestAdminKeyAsksForALiveKeyOrMorePermissionsThen403() throws Exception {
        String testAdmin = json(send("POST", "/api/keys", admin,
                "{\"environment\":\"test\",\"permissions\":[\"admin\"]}")).getString("key");
        assertThat(send("POST", "/api/keys", testAdmin, "{\"environment\":\"live\"}").body())
                .isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"environment: a test key manages test keys only, so "
                        + "environment must be 'test'\"}");
        HttpResponse<String> ok = send("POST", "/api/keys", testAdmin, "{}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(json(ok).getString("environment")).isEqualTo("test");

        String writer = json(send("POST", "/api/keys", admin, "{\"permissions\":[\"write\",\"admin\"]}")).getString("key");
        assertThat(send("POST", "/api/keys", writer, "{}").statusCode()).isEqualTo(201);
        String liveId = json(send("POST", "/api/keys", admin, "{}")).getString("id");
        // the library's rule (contract 7.1): a test key may not even read a live key
        HttpResponse<String> hidden = send("GET", "/api/keys/" + liveId, testAdmin, null);
        assertThat(hidden.statusCode()).as("live key refused to a test key").isEqualTo(403);
        assertThat(hidden.body()).contains("environment").doesNotContain(liveId.substring(4));
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }
}
