package io.keygate.http;

import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Credential;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The HTTP side of the token path: how long a JWS-shaped credential may be, and the expired-token answer. */
class TokenCredentialTest {

    @Test
    void bearerTokenWhenJwsShapedThenUpTo2048CharactersAndKeysStillUpTo256() {
        String jws = "a".repeat(1000) + "." + "b".repeat(1000) + "." + "c".repeat(46);
        assertThat(jws).hasSize(Credential.MAX_JWS_LENGTH);

        assertThat(CredentialReader.bearerToken("Bearer " + jws)).isEqualTo(jws);
        assertThat(CredentialReader.bearerToken("Bearer " + jws + "c")).isNull();
        assertThat(CredentialReader.bearerToken("Bearer " + "k".repeat(256))).hasSize(256);
        assertThat(CredentialReader.bearerToken("Bearer " + "k".repeat(257))).isNull();
    }

    @Test
    void rejectWhenExpiredTokenThenTheTokenBodyEvenWhenExpiredKeysFoldIntoInvalid() throws Exception {
        for (boolean fold : new boolean[]{false, true}) {
            Responder responder = new Responder(HttpSettings.builder().expiredAsInvalid(fold).build(), List.of(),
                    Clock.systemUTC());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            HttpServletResponse response = mock(HttpServletResponse.class);
            when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            });

            responder.reject(response, new AuthOutcome.Expired(true));

            verify(response).setStatus(401);
            verify(response).setHeader("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\"");
            assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"Authentication failed\","
                    + "\"detail\":\"Token has expired. Exchange your API key for a new one.\"}");
        }
    }
}
