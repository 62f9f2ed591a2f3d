package io.keygate.jakarta.rs;

import io.keygate.http.AuthSettings;
import io.keygate.http.Responses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {

    @Test
    void bodyWhenContractJsonThenErrorAndDetailExactly() {
        ErrorResponses responses = new ErrorResponses(AuthSettings.defaults());

        assertThat(responses.body(403, "permission", Responses.INSUFFICIENT,
                "This API key lacks the 'write' permission."))
                .isEqualTo("{\"error\":\"Insufficient permissions\",\"detail\":\"This API key lacks the 'write' "
                        + "permission.\"}");
    }

    @Test
    void bodyWhenProblemJsonThenTypeTitleStatusDetail() {
        ErrorResponses responses = new ErrorResponses(AuthSettings.builder().problemJson(true).build());

        assertThat(responses.body(401, "missing-api-key", Responses.AUTH_FAILED, Responses.DETAIL_MISSING))
                .isEqualTo("{\"type\":\"https://keygate.io/problems/missing-api-key\",\"title\":\"Authentication "
                        + "failed\",\"status\":401,\"detail\":\"Valid API key required. Please include it in the "
                        + "Authorization header as 'Bearer <your-api-key>'.\"}");
    }

    @Test
    void bodyEscapesARoleNameThatNeedsIt() {
        ErrorResponses responses = new ErrorResponses(AuthSettings.defaults());

        assertThat(responses.body(403, "role", "Forbidden", "This API key lacks the role 'a\"b'."))
                .isEqualTo("{\"error\":\"Forbidden\",\"detail\":\"This API key lacks the role 'a\\\"b'.\"}");
    }
}
