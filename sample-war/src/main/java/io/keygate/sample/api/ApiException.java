package io.keygate.sample.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, as status, {@code error} and optional {@code detail}. Thrown by handlers and
 * written as JSON by {@link JsonServlet}; messages never contain a key.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;
    private final Map<String, String> headers;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    public ApiException(int status, String error, String detail, Map<String, String> headers) {
        super(error + (detail == null ? "" : ": " + detail), null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    /** 400 {@code {"error":"Invalid request","detail":...}}; the detail names the field. */
    public static ApiException invalid(String detail) {
        return new ApiException(400, "Invalid request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    /** 403 with the filter's restriction body, for checks the path template cannot express. */
    public static ApiException restricted(String type) {
        return new ApiException(403, "API key is not authorized for this " + type, null);
    }

    public static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, "Method not allowed",
                method + " is not supported here; allowed: " + allowed, Map.of("Allow", allowed));
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "Unsupported media type", detail);
    }

    public static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "Payload too large", "the request body must be at most " + maxBytes + " bytes");
    }

    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(503, "Service unavailable", detail,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body: {@code error}, then {@code detail} when there is one. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body;
    }
}
