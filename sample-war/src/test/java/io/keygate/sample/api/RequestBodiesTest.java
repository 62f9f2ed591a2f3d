package io.keygate.sample.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class RequestBodiesTest {

    private static HttpServletRequest request(String contentType, byte[] body, long declaredLength) throws IOException {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getContentType()).thenReturn(contentType);
        when(r.getContentLengthLong()).thenReturn(declaredLength);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        when(r.getInputStream()).thenReturn(new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }

            @Override
            public int read() {
                return in.read();
            }
        });
        return r;
    }

    private static int status(HttpServletRequest r, boolean optional) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> RequestBodies.read(r, TriggerRequest.class, optional));
        return e == null ? 200 : e.status();
    }

    @Test
    void readWhenJsonWithCharsetParameterThenBinds() throws IOException {
        byte[] body = "{\"human_msg\":\"héllo\"}".getBytes(StandardCharsets.UTF_8);
        TriggerRequest t = RequestBodies.read(request("application/json; charset=UTF-8", body, body.length),
                TriggerRequest.class, false);
        assertThat(t.humanMsg()).isEqualTo("héllo");
    }

    @Test
    void readWhenDeclaredOrActualLengthOverLimitThen413() throws IOException {
        byte[] big = new byte[RequestBodies.MAX_BYTES + 1];
        assertThat(status(request("application/json", new byte[0], big.length), false)).isEqualTo(413);
        // chunked: no declared length, the limit is enforced while reading
        assertThat(status(request("application/json", big, -1), false)).isEqualTo(413);
    }

    @Test
    void readWhenContentTypeIsNotJsonOrCharsetNotUtf8Then415() throws IOException {
        byte[] body = "{\"human_msg\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(status(request("text/plain", body, body.length), false)).isEqualTo(415);
        assertThat(status(request(null, body, body.length), false)).isEqualTo(415);
        assertThat(status(request("application/json; charset=ISO-8859-1", body, body.length), false)).isEqualTo(415);
        assertThat(status(request("application/jsonx", body, body.length), false)).isEqualTo(415);
    }

    @Test
    void readWhenBytesAreNotUtf8Then400() throws IOException {
        byte[] body = {'{', '"', 'h', 'u', 'm', 'a', 'n', '_', 'm', 's', 'g', '"', ':', '"', (byte) 0xFF, '"', '}'};
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> RequestBodies.read(request("application/json", body, body.length), TriggerRequest.class, false));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).contains("UTF-8");
    }

    @Test
    void readWhenEmptyThenNullIfOptionalElse400() throws IOException {
        assertThat(RequestBodies.read(request(null, new byte[0], 0), TriggerRequest.class, true)).isNull();
        assertThat(RequestBodies.read(request("application/json", " \n".getBytes(StandardCharsets.UTF_8), 2),
                TriggerRequest.class, true)).isNull();
        assertThat(status(request("application/json", new byte[0], 0), false)).isEqualTo(400);
    }
}
