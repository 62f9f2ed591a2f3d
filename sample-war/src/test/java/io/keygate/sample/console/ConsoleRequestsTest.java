package io.keygate.sample.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.sample.rest.JsonSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the console reads what a browser sends (the sign-in body and content type), its cookie, and paths it forwards. */
class ConsoleRequestsTest {

    private static String problem(String json) throws Exception {
        JsonNode node = JsonSupport.mapper().readTree(json);
        return SessionEndpoint.bodyProblem(node);
    }

    @Test
    void bodyProblemNamesTheFieldAndAcceptsOnlyANonBlankKeyString() throws Exception {
        assertThat(problem("{\"key\":\"sk_live_x\"}")).isNull();
        assertThat(problem("{}")).isEqualTo("key: required, the admin API key to sign in with");
        assertThat(problem("{\"key\":null}")).isEqualTo("key: required, the admin API key to sign in with");
        assertThat(problem("{\"key\":[\"a\"]}")).isEqualTo("key: must be a string");
        assertThat(problem("{\"key\":\"\\t\"}")).isEqualTo("key: must not be blank");
        assertThat(problem("{\"key\":\"a\",\"other\":1}")).isEqualTo("other: unknown field; the body has only 'key'");
        assertThat(problem("[\"sk_live_x\"]")).startsWith("the body must be a JSON object");
        assertThat(problem("\"sk_live_x\"")).startsWith("the body must be a JSON object");
    }

    @Test
    void isJsonWhenApplicationJsonWithOrWithoutParametersInAnyCase() {
        assertThat(SessionEndpoint.isJson("application/json")).isTrue();
        assertThat(SessionEndpoint.isJson("Application/JSON; charset=UTF-8")).isTrue();
        assertThat(SessionEndpoint.isJson(null)).isFalse();
        assertThat(SessionEndpoint.isJson("text/plain")).isFalse();
        assertThat(SessionEndpoint.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(SessionEndpoint.isJson("application/jsonp")).isFalse();
    }

    @Test
    void isBearerShapedLikeTheFiltersHeaderRules() {
        assertThat(SessionEndpoint.isBearerShaped("sk_live_abc")).isTrue();
        assertThat(SessionEndpoint.isBearerShaped("x".repeat(256))).isTrue();
        assertThat(SessionEndpoint.isBearerShaped("x".repeat(257))).isFalse();
        assertThat(SessionEndpoint.isBearerShaped("sk live")).isFalse();
        assertThat(SessionEndpoint.isBearerShaped("sk_live_é")).isFalse();
        assertThat(SessionEndpoint.isBearerShaped("")).isFalse();
    }

    @Test
    void cookieUnderTheContextPathHttpOnlyStrictAndSecureOverHttps() {
        jakarta.servlet.http.HttpServletRequest request = org.mockito.Mockito.mock(
                jakarta.servlet.http.HttpServletRequest.class);
        jakarta.servlet.http.HttpServletResponse response = org.mockito.Mockito.mock(
                jakarta.servlet.http.HttpServletResponse.class);
        org.mockito.Mockito.when(request.getContextPath()).thenReturn("/keygate-sample");
        org.mockito.Mockito.when(request.isSecure()).thenReturn(true);
        ConsoleCookie.set(request, response, "abc");
        ConsoleCookie.clear(request, response);
        org.mockito.Mockito.verify(response).addHeader("Set-Cookie",
                "keygate_console=abc; Path=/keygate-sample/console; HttpOnly; SameSite=Strict; Secure");
        org.mockito.Mockito.verify(response).addHeader("Set-Cookie",
                "keygate_console=; Max-Age=0; Path=/keygate-sample/console; HttpOnly; SameSite=Strict; Secure");
    }

    @Test
    void encodePathKeepsIdsAndSlashesAndPercentEncodesEverythingElse() {
        assertThat(AdminForward.encodePath("/keys/key_Ab3-x.y~z/rotate")).isEqualTo("/keys/key_Ab3-x.y~z/rotate");
        assertThat(AdminForward.encodePath("")).isEmpty();
        assertThat(AdminForward.encodePath("/keys/a b?c#d%e")).isEqualTo("/keys/a%20b%3Fc%23d%25e");
        assertThat(AdminForward.encodePath("/keys/é")).isEqualTo("/keys/%C3%A9");
        assertThat(AdminForward.encodePath("/keys/;jsessionid=x")).isEqualTo("/keys/%3Bjsessionid%3Dx");
    }
}
