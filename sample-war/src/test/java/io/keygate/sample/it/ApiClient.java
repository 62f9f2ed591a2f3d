package io.keygate.sample.it;

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

/** Plain HTTP against a running container: java.net.http with JSON parsed by Jackson. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, URI> uris;

    public ApiClient(Function<String, URI> uris) {
        this.uris = uris;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    public record Response(int status, HttpHeaders headers, String text, JsonNode json) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** A field of the JSON body as text, or null. */
        public String field(String name) {
            JsonNode n = json.path(name);
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public Response get(String path, String key) {
        return send(builder(path, key).GET().build());
    }

    public Response delete(String path, String key) {
        return send(builder(path, key).DELETE().build());
    }

    public Response post(String path, String key, String json) {
        return post(path, key, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Response post(String path, String key, String contentType, byte[] body) {
        HttpRequest.Builder b = builder(path, key).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = MissingNode.getInstance();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !r.body().isEmpty()) {
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

    public HttpRequest.Builder builder(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uris.apply(path)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
