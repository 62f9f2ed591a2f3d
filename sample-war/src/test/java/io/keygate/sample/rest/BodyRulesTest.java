package io.keygate.sample.rest;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.RestServer;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Body size, media type, charset and UTF-8 rules of every request body ({@link BodyRules}, {@code @Consumes}). */
class BodyRulesTest {

    private static final byte[] TRIGGER = "{\"human_msg\":\"x\"}".getBytes(StandardCharsets.UTF_8);
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

    private static Response trigger(String contentType, byte[] body) {
        return api.post("/echo/trigger", null, contentType, body);
    }

    @Test
    void readWhenJsonWithCharsetParameterThenBinds() {
        Response r = trigger("application/json; charset=UTF-8", "{\"human_msg\":\"héllo\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.field("human_msg")).isEqualTo("héllo");
    }

    @Test
    void readWhenDeclaredLengthOverLimitThen413WithoutReading() throws Exception {
        // not over HTTP: the server answers before reading the body, and a client still sending it may see the
        // connection reset before the answer (the container suites send such a body to real containers)
        ReaderInterceptorContext context = mock(ReaderInterceptorContext.class);
        MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Content-Length", Integer.toString(BodyRules.MAX_BYTES + 1));
        when(context.getHeaders()).thenReturn(headers);
        WebApplicationException e = catchThrowableOfType(WebApplicationException.class,
                () -> new BodyRules().aroundReadFrom(context));
        assertThat(e.getResponse().getStatus()).isEqualTo(413);
        assertThat(((Errors.Body) e.getResponse().getEntity()).error()).isEqualTo("Payload too large");
        verify(context, never()).proceed();
        verify(context, never()).getInputStream();
    }

    @Test
    void readWhenActualLengthOverLimitThen413() {
        byte[] big = ("{\"human_msg\":\"" + "x".repeat(BodyRules.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8);
        // chunked: no declared length, the limit is enforced while reading
        Response chunked = api.send(api.builder("/echo/trigger", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.field("error")).isEqualTo("Payload too large");
    }

    @Test
    void readWhenContentTypeIsNotJsonOrCharsetNotUtf8Then415() {
        for (String type : new String[]{"text/plain", null, "application/json; charset=ISO-8859-1", "application/jsonx"}) {
            Response r = trigger(type, TRIGGER);
            assertThat(r.status()).as(type + " -> " + r).isEqualTo(415);
            assertThat(r.field("error")).isEqualTo("Unsupported media type");
        }
    }

    @Test
    void readWhenBytesAreNotUtf8Then400() {
        byte[] body = {'{', '"', 'h', 'u', 'm', 'a', 'n', '_', 'm', 's', 'g', '"', ':', '"', (byte) 0xFF, '"', '}'};
        Response r = trigger("application/json", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.field("detail")).contains("UTF-8");
    }

    @Test
    void readWhenEmptyThenNullIfOptionalElse400() {
        assertThat(api.post("/echo/create", null, null, new byte[0]).status()).isEqualTo(204);
        assertThat(api.post("/echo/rotate", null, "application/json", " \n".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(204);
        Response required = trigger("application/json", new byte[0]);
        assertThat(required.status()).isEqualTo(400);
        assertThat(required.field("detail")).isEqualTo("body: a JSON object is required");
    }
}
