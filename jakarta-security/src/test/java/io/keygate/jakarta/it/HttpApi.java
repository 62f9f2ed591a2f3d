package io.keygate.jakarta.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/** Plain HTTP against the running server: java.net.http, JSON bodies parsed by Jackson. */
final class HttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, URI> uris;

    HttpApi(Function<String, URI> uris) {
        this.uris = uris;
    }

    record Response(int status, HttpHeaders headers, String text, JsonNode json) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String field(String name) {
            JsonNode n = json.path(name);
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + text;
        }
    }

    Response get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    Response getWithAuthorization(String path, String authorization) {
        return send(HttpRequest.newBuilder(uris.apply(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build());
    }

    Response post(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uris.apply(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = MissingNode.getInstance();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if ((type.startsWith("application/json") || type.startsWith("application/problem+json"))
                    && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), r.headers(), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
