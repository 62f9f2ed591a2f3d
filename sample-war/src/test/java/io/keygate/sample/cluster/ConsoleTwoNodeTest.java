package io.keygate.sample.cluster;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.InProcessSample;
import io.keygate.testing.ScratchSchema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on two nodes of one PostgreSQL schema, without Redis (README, Console): a session lives on the node
 * that took the sign-in (another node does not know it), and revoking its key through the other node ends it at its
 * next call, because every console call reads the key from the database.
 */
class ConsoleTwoNodeTest {

    @Test
    void sessionIsPerNodeAndRevocationOnAnotherNodeEndsItAtItsNextCall() throws Exception {
        String admin = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        try (ScratchSchema schema = ScratchSchema.postgres();
             InProcessSample a = InProcessSample.node(schema.jdbcUrl(), schema.user(), admin, Map.of());
             InProcessSample b = InProcessSample.node(schema.jdbcUrl(), schema.user(), admin, Map.of())) {
            ApiClient apiA = new ApiClient(a::uri);
            ApiClient apiB = new ApiClient(b::uri);
            Response made = apiA.post("/admin/api/keys", admin, "{\"organization_id\":\"acme\","
                    + "\"permissions\":[\"admin\"],\"owner\":{\"type\":\"user\",\"id\":\"ops\"}}");
            assertThat(made.status()).isEqualTo(201);

            Response signIn = apiB.post("/console/api/session", null, "{\"key\":\"" + made.field("key") + "\"}");
            assertThat(signIn.status()).isEqualTo(200);
            String cookie = signIn.header("Set-Cookie").split(";")[0];
            assertThat(apiB.send(apiB.builder("/console/api/admin/keys", null).header("Cookie", cookie).GET().build())
                    .status()).isEqualTo(200);
            Response elsewhere = apiA.send(apiA.builder("/console/api/session", null).header("Cookie", cookie)
                    .GET().build());
            assertThat(elsewhere.status()).isEqualTo(401);
            assertThat(elsewhere.field("detail")).isEqualTo("No console session. Sign in with an admin key.");

            assertThat(apiA.delete("/admin/api/keys/" + made.field("id"), admin).status()).isEqualTo(204);
            Response after = apiB.send(apiB.builder("/console/api/admin/keys", null).header("Cookie", cookie)
                    .GET().build());
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.field("detail"))
                    .isEqualTo("The key of this console session is no longer active. Sign in again.");
        }
    }
}
