package io.keygate.sample.rest;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.RestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Jersey, the sample's Jackson mapper and {@link JsonErrorMapper} make of request bodies, over HTTP. */
class JsonErrorsTest {

    private static RestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        server = new RestServer();
        api = new ApiClient(server::uri);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Response post(String resource, String json) {
        return api.post("/echo/" + resource, null, json);
    }

    private static String invalid(String resource, String json) {
        Response r = post(resource, json);
        assertThat(r.status()).as(json + " -> " + r).isEqualTo(400);
        assertThat(r.field("error")).isEqualTo("Invalid request");
        return r.field("detail");
    }

    @Test
    void readWhenValidThenSnakeCaseFieldsBind() {
        Response r = post("create", "{\"organization_id\":\"acme\",\"rate_limit\":{\"limit\":3,\"window_seconds\":2}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.field("organization_id")).isEqualTo("acme");
        assertThat(r.json().get("rate_limit").get("limit").asLong()).isEqualTo(3);
        assertThat(r.json().get("rate_limit").get("window_seconds").asLong()).isEqualTo(2);
    }

    @Test
    void readWhenUnknownFieldThenDetailNamesIt() {
        assertThat(invalid("trigger", "{\"human_msg\":\"x\",\"humanMsg\":\"y\"}")).isEqualTo("humanMsg: unknown field");
        assertThat(invalid("create", "{\"rate_limit\":{\"limit\":1,\"window\":2}}"))
                .isEqualTo("rate_limit.window: unknown field");
    }

    @Test
    void readWhenNumberWhereStringBelongsThenDetailNamesFieldAndType() {
        assertThat(invalid("trigger", "{\"human_msg\":42}")).isEqualTo("human_msg must be a string");
        assertThat(invalid("trigger", "{\"human_msg\":true}")).isEqualTo("human_msg must be a string");
        assertThat(invalid("trigger", "{\"human_msg\":\"x\",\"file_urls\":[1]}")).isEqualTo("file_urls[0] must be a string");
    }

    @Test
    void readWhenStringOrFractionWhereIntegerBelongsThenRefused() {
        assertThat(invalid("rotate", "{\"grace_seconds\":\"5\"}")).isEqualTo("grace_seconds must be an integer");
        assertThat(invalid("rotate", "{\"grace_seconds\":1.5}")).contains("grace_seconds");
        assertThat(invalid("rotate", "{\"grace_seconds\":99999999999999999999999}")).contains("grace_seconds");
    }

    @Test
    void readWhenScalarWhereArrayOrObjectBelongsThenDetailNamesField() {
        assertThat(invalid("create", "{\"permissions\":\"read\"}")).isEqualTo("permissions must be an array");
        assertThat(invalid("create", "{\"owner\":\"alice\"}")).startsWith("owner");
    }

    @Test
    void readWhenBodyIsNotAnObjectThenSaysSo() {
        assertThat(invalid("trigger", "[]")).contains("JSON object");
        assertThat(invalid("trigger", "null")).contains("JSON object");
        assertThat(invalid("trigger", "\"text\"")).contains("JSON object");
    }

    @Test
    void readWhenMalformedThenLocationButNeverTheInput() {
        String secret = "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7";
        Response r = post("trigger", "{\"human_msg\": " + secret + "}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.field("detail")).startsWith("malformed JSON (line 1");
        assertThat(r.text()).doesNotContain(secret);
        assertThat(invalid("trigger", "{\"human_msg\":\"x\"} {}")).startsWith("malformed JSON");
    }

    @Test
    void readWhenNestedVeryDeeplyThenRefusedWithoutStackOverflow() {
        String deep = "{\"human_msg\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        assertThat(invalid("trigger", deep)).isNotBlank();
        String deepObjects = "{\"owner\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001);
        assertThat(invalid("create", deepObjects)).isNotBlank();
    }

    @Test
    void readWhenDuplicateFieldThenNamesIt() {
        assertThat(invalid("trigger", "{\"human_msg\":\"a\",\"human_msg\":\"b\"}")).isEqualTo("human_msg: duplicate field");
    }
}
