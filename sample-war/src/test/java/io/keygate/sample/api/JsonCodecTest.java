package io.keygate.sample.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonCodecTest {

    private static ApiException invalid(String json, Class<?> type) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonCodec.read(json, type));
        assertThat(e).as(json).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.error()).isEqualTo("Invalid request");
        return e;
    }

    @Test
    void readWhenValidThenSnakeCaseFieldsBind() {
        CreateKeyRequest r = JsonCodec.read("{\"organization_id\":\"acme\",\"rate_limit\":{\"limit\":3,\"window_seconds\":2}}",
                CreateKeyRequest.class);
        assertThat(r.organizationId()).isEqualTo("acme");
        assertThat(r.rateLimit().limit()).isEqualTo(3);
        assertThat(r.rateLimit().windowSeconds()).isEqualTo(2);
    }

    @Test
    void readWhenUnknownFieldThenDetailNamesIt() {
        assertThat(invalid("{\"human_msg\":\"x\",\"humanMsg\":\"y\"}", TriggerRequest.class).detail())
                .isEqualTo("humanMsg: unknown field");
        assertThat(invalid("{\"rate_limit\":{\"limit\":1,\"window\":2}}", CreateKeyRequest.class).detail())
                .isEqualTo("rate_limit.window: unknown field");
    }

    @Test
    void readWhenNumberWhereStringBelongsThenDetailNamesFieldAndType() {
        assertThat(invalid("{\"human_msg\":42}", TriggerRequest.class).detail()).isEqualTo("human_msg must be a string");
        assertThat(invalid("{\"human_msg\":true}", TriggerRequest.class).detail()).isEqualTo("human_msg must be a string");
        assertThat(invalid("{\"human_msg\":\"x\",\"file_urls\":[1]}", TriggerRequest.class).detail())
                .isEqualTo("file_urls[0] must be a string");
    }

    @Test
    void readWhenStringOrFractionWhereIntegerBelongsThenRefused() {
        assertThat(invalid("{\"grace_seconds\":\"5\"}", RotateRequest.class).detail()).isEqualTo("grace_seconds must be an integer");
        assertThat(invalid("{\"grace_seconds\":1.5}", RotateRequest.class).detail()).contains("grace_seconds");
        assertThat(invalid("{\"grace_seconds\":99999999999999999999999}", RotateRequest.class).detail())
                .contains("grace_seconds");
    }

    @Test
    void readWhenScalarWhereArrayOrObjectBelongsThenDetailNamesField() {
        assertThat(invalid("{\"permissions\":\"read\"}", CreateKeyRequest.class).detail()).isEqualTo("permissions must be an array");
        assertThat(invalid("{\"owner\":\"alice\"}", CreateKeyRequest.class).detail()).startsWith("owner");
    }

    @Test
    void readWhenBodyIsNotAnObjectThenSaysSo() {
        assertThat(invalid("[]", TriggerRequest.class).detail()).contains("JSON object");
        assertThat(invalid("null", TriggerRequest.class).detail()).contains("JSON object");
        assertThat(invalid("\"text\"", TriggerRequest.class).detail()).contains("JSON object");
    }

    @Test
    void readWhenMalformedThenLocationButNeverTheInput() {
        String secret = "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV28hqg7";
        ApiException e = invalid("{\"human_msg\": " + secret + "}", TriggerRequest.class);
        assertThat(e.detail()).startsWith("malformed JSON (line 1").doesNotContain(secret);
        assertThat(invalid("{\"human_msg\":\"x\"} {}", TriggerRequest.class).detail()).startsWith("malformed JSON");
    }

    @Test
    void readWhenNestedVeryDeeplyThenRefusedWithoutStackOverflow() {
        String deep = "{\"human_msg\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        assertThat(invalid(deep, TriggerRequest.class).detail()).isNotBlank();
        String deepObjects = "{\"owner\":" + "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_001);
        assertThat(invalid(deepObjects, CreateKeyRequest.class).detail()).isNotBlank();
    }

    @Test
    void readWhenDuplicateFieldThenNamesIt() {
        assertThat(invalid("{\"human_msg\":\"a\",\"human_msg\":\"b\"}", TriggerRequest.class).detail())
                .isEqualTo("human_msg: duplicate field");
    }
}
