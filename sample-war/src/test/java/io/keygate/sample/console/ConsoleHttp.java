package io.keygate.sample.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's HTTP API called without a browser, with the session cookie handled by hand: what a forged or
 * replayed request looks like (no CSRF header, an old session id).
 */
final class ConsoleHttp {

    static final String COOKIE = "keygate_console";
    private static final Pattern SET_COOKIE = Pattern.compile("^" + COOKIE + "=([^;]*)");

    private final ApiClient api;
    private final Function<String, URI> uris;

    ConsoleHttp(Function<String, URI> uris) {
        this.uris = uris;
        this.api = new ApiClient(uris);
    }

    /** A console session: the cookie's value and the CSRF token. */
    record Session(String id, String csrf, JsonNode body) {
    }

    /** Signs in with key (sending oldSessionId as the cookie when not null); the answer and the new session. */
    Session signIn(String key, String oldSessionId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uris.apply("/console/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}", StandardCharsets.UTF_8));
        if (oldSessionId != null) {
            b.header("Cookie", COOKIE + "=" + oldSessionId);
        }
        Response r = api.send(b.build());
        if (r.status() != 200) {
            throw new AssertionError("sign-in answered " + r);
        }
        return new Session(sessionId(r), r.field("csrf_token"), r.json());
    }

    /** The session id a response sets, or null. */
    static String sessionId(Response r) {
        for (String header : r.headers().allValues("Set-Cookie")) {
            Matcher m = SET_COOKIE.matcher(header);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    static String setCookieHeader(Response r) {
        return r.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(COOKIE + "=")).findFirst()
                .orElse(null);
    }

    /** A request under /console/api/ with the session cookie and, when csrf is not null, the CSRF header. */
    Response send(String method, String path, String sessionId, String csrf, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uris.apply("/console/api/" + path));
        if (sessionId != null) {
            b.header("Cookie", COOKIE + "=" + sessionId);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return api.send(b.build());
    }

    /** Any GET under the context path (static files too), without a session. */
    Response get(String path) {
        return api.send(HttpRequest.newBuilder(uris.apply(path)).GET().build());
    }
}
