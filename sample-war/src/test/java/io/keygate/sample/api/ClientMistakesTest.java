package io.keygate.sample.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No client mistake ever gets a 500: thousands of mutated and random bodies against every endpoint that reads
 * one, in-process (embedded Jetty, the real filter settings from web.xml, H2). Every answer is a JSON 4xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientMistakesTest {

    @TempDir
    static Path directory;
    private InProcessSample sample;
    private ApiClient api;
    private String key;

    @BeforeAll
    void start() throws Exception {
        sample = InProcessSample.onH2(directory);
        api = new ApiClient(sample::uri);
        Response created = api.post("/admin/api/keys", sample.adminKey(), "{\"organization_id\":\"acme\",\"owner\":{\"type\":\"user\",\"id\":\"test-user\"}}");
        assertThat(created.status()).isEqualTo(201);
        key = created.field("key");
    }

    @AfterAll
    void stop() throws Exception {
        sample.close();
    }

    @Test
    void mutatedAndRandomBodiesNeverGetAServerError() {
        Random random = new Random(20261123L);
        List<String> seeds = List.of(
                "{\"human_msg\":\"hello\",\"file_urls\":[\"https://example.com/a\"]}",
                "{\"name\":\"n\",\"organization_id\":\"acme\",\"permissions\":[\"read\"],\"environment\":\"test\","
                        + "\"expires_at\":\"2099-01-01T00:00:00Z\",\"rate_limit\":{\"limit\":1,\"window_seconds\":1},"
                        + "\"owner\":{\"type\":\"user\",\"id\":\"u\"},\"team_id\":\"t\"}",
                "{\"grace_seconds\":5}");
        String keyId = api.get("/admin/api/keys?size=1", sample.adminKey()).json().get("items").get(0).get("id").asText();
        List<String> paths = List.of("/developer/api/workflows/wf_echo/trigger/sync", "/admin/api/keys",
                "/admin/api/keys/" + keyId + "/rotate");
        String alphabet = "{}[]\":,0123456789.-+eEtrufalsn \\u00e9\u00ff\ud83d\ude00abc_";
        int requests = 0;
        for (int round = 0; round < 150; round++) {
            for (int p = 0; p < paths.size(); p++) {
                StringBuilder body = new StringBuilder(seeds.get(p));
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && body.length() > 0; e++) {
                    int at = random.nextInt(body.length());
                    switch (random.nextInt(3)) {
                        case 0 -> body.deleteCharAt(at);
                        case 1 -> body.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        default -> body.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                String caller = p == 0 ? key : sample.adminKey();
                check(api.post(paths.get(p), caller, body.toString()), body.toString());
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                check(api.post(paths.get(p), caller, "application/json", noise), "random bytes");
                requests += 2;
            }
        }
        assertThat(requests).isEqualTo(900);
    }

    @Test
    void oddPathsAndQueriesAreJsonClientErrors() {
        for (String path : List.of("/developer/api/workflows/wf%20echo/trigger/sync", "/developer/api/workflows/wf_echo/trigger",
                "/developer/api/workflow_instances/" + "x".repeat(300) + "/status", "/admin/api/keys/a/b/c",
                "/admin/api/keys?page=99999999999", "/admin/api/keys?size=-1", "/admin/api/keys?q=" + "q".repeat(200),
                "/admin/api/keys?organization_id=%20", "/nothing")) {
            Response r = api.get(path, sample.adminKey());
            assertThat(r.status()).as(path + " -> " + r).isBetween(400, 499);
            assertThat(r.json().path("error").asText()).as(path).isNotEmpty();
        }
    }

    private static void check(Response r, String body) {
        assertThat(r.status()).as(body + " -> " + r).isLessThan(500);
        if (r.status() >= 400) {
            JsonNode error = r.json().path("error");
            assertThat(error.isTextual()).as(body + " -> " + r.text()).isTrue();
            assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(r.header("Content-Type")).as(body).startsWith("application/json");
        assertThat(r.text().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
