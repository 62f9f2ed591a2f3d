package io.keygate.sample.app;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With the database gone, the sample answers 503 JSON (health DOWN, API 503 with Retry-After), never a 500. */
class DatabaseOutageTest {

    @TempDir
    Path directory;

    @Test
    void whenDatabaseIsUnreachableThenHealthIsDownAndApiAnswers503() throws Exception {
        try (InProcessSample sample = InProcessSample.onH2(directory)) {
            ApiClient api = new ApiClient(sample::uri);
            String admin = sample.adminKey();
            assertThat(api.get("/health", null).json().path("status").asText()).isEqualTo("UP");
            Response created = api.post("/admin/api/keys", admin, "{\"organization_id\":\"acme\",\"owner\":{\"type\":\"user\",\"id\":\"test-user\"}}");
            String acme = created.field("key");
            // both keys verified once: the filter may serve them from its cache while the store is down
            assertThat(api.get("/developer/api/workflows", acme).status()).isEqualTo(200);
            // a console session of the admin key, whose key the console re-reads from the database on every call
            Response signIn = api.post("/console/api/session", null, "{\"key\":\"" + admin + "\"}");
            assertThat(signIn.status()).isEqualTo(200);
            String cookie = signIn.header("Set-Cookie").split(";")[0];

            ((com.zaxxer.hikari.HikariDataSource) sample.app().runtime().dataSource()).close();

            Response health = api.get("/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json()).isEqualTo(ApiClient.parse(
                    "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"redis\":\"DISABLED\"}}"));
            for (Response r : new Response[]{
                    api.get("/developer/api/workflows", acme),
                    api.post("/developer/api/workflows/wf_echo/trigger/sync", acme, "{\"human_msg\":\"x\"}"),
                    api.get("/admin/api/keys", admin),
                    api.post("/admin/api/keys", admin, "{}"),
                    api.post("/console/api/session", null, "{\"key\":\"" + admin + "\"}"),
                    api.send(api.builder("/console/api/session", null).header("Cookie", cookie).GET().build()),
                    api.send(api.builder("/console/api/admin/keys", null).header("Cookie", cookie).GET().build())}) {
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                assertThat(r.json().path("error").asText()).as(r.toString()).isEqualTo("Service unavailable");
                assertThat(r.header("Retry-After")).as(r.toString()).isNotNull();
            }
        }
    }
}
