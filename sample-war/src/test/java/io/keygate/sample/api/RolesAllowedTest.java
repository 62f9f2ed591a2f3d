package io.keygate.sample.api;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @RolesAllowed("write")} on a GET: the filter's method rule (GET needs read) lets a read key through, the
 * resource refuses it, and the answer is the filter's own permission 403, byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolesAllowedTest {

    private static final String HISTORY = "/developer/api/workflows/wf_echo/instances";
    @TempDir
    static Path directory;
    private InProcessSample sample;
    private ApiClient api;
    private String readOnly;
    private String readWrite;

    @BeforeAll
    void start() throws Exception {
        sample = InProcessSample.onH2(directory);
        api = new ApiClient(sample::uri);
        readOnly = api.post("/admin/api/keys", sample.adminKey(),
                "{\"organization_id\":\"acme\",\"permissions\":[\"read\"]}").field("key");
        readWrite = api.post("/admin/api/keys", sample.adminKey(), "{\"organization_id\":\"acme\"}").field("key");
    }

    @AfterAll
    void stop() throws Exception {
        sample.close();
    }

    @Test
    void rolesAllowedWriteOnAGetRefusesAReadKeyWithTheFiltersPermissionAnswer() {
        Response byFilter = api.post("/developer/api/workflows/wf_echo/trigger/sync", readOnly, "{\"human_msg\":\"x\"}");
        Response byResource = api.get(HISTORY, readOnly);

        assertThat(byFilter.status()).isEqualTo(403);
        assertThat(byFilter.text()).isEqualTo("{\"error\":\"Insufficient permissions\","
                + "\"detail\":\"This API key lacks the 'write' permission.\"}");
        // the filter admitted the GET (an admitted request carries rate-limit headers, the filter's 403 does not)
        assertThat(byFilter.header("RateLimit-Limit")).isNull();
        assertThat(byResource.header("RateLimit-Limit")).isNotNull();
        assertThat(byResource.status()).isEqualTo(byFilter.status());
        assertThat(byResource.text()).isEqualTo(byFilter.text());
        for (String header : List.of("Content-Type", "WWW-Authenticate", "Cache-Control")) {
            assertThat(byResource.header(header)).as(header).isEqualTo(byFilter.header(header)).isNotNull();
        }
        assertThat(byResource.header("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"keygate-sample\", error=\"insufficient_scope\", scope=\"write\"");
    }

    @Test
    void rolesAllowedWriteLetsAWriteKeyListTheHistoryNewestFirst() {
        for (String message : List.of("first", "second")) {
            assertThat(api.post("/developer/api/workflows/wf_echo/trigger/sync", readWrite,
                    "{\"human_msg\":\"" + message + "\"}").status()).isEqualTo(200);
        }
        Response history = api.get(HISTORY + "?limit=2", readWrite);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("items")).extracting(i -> i.get("output").asText())
                .containsExactlyInAnyOrder("second", "first");
        assertThat(history.json().get("items")).extracting(i -> Instant.parse(i.get("created_at").asText()))
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(api.get(HISTORY + "?limit=0", readWrite).field("detail")).startsWith("limit: ");
    }
}
