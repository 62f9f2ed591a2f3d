package io.keygate.sample.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One API call: the request's method and path segments, its caller and body, and the JSON answer. */
public final class Exchange {

    public static final String JSON = "application/json";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final List<String> segments;

    Exchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
        this.segments = split(request.getPathInfo());
    }

    public HttpServletRequest request() {
        return request;
    }

    public String method() {
        return request.getMethod();
    }

    public boolean isRead() {
        return "GET".equals(method()) || "HEAD".equals(method());
    }

    /** Path segments after the servlet path: {@code /wf_echo/trigger/sync} → [wf_echo, trigger, sync]. */
    public List<String> segments() {
        return segments;
    }

    /**
     * The segment at {@code index} as an identifier; anything that cannot be an id (odd characters, too long) is
     * reported as not found, the same as an id that does not exist.
     */
    public String id(int index, String what) {
        String value = segments.get(index);
        if (!ID.matcher(value).matches()) {
            throw ApiException.notFound("no " + what + " with this id");
        }
        return value;
    }

    public Caller caller() {
        return Caller.of(request);
    }

    public <T> T body(Class<T> type, boolean optional) {
        return RequestBodies.read(request, type, optional);
    }

    /** A single query parameter, or null. */
    public String query(String name) {
        return request.getParameter(name);
    }

    public void header(String name, String value) {
        response.setHeader(name, value);
    }

    public void respond(int status, Object body) throws IOException {
        write(request, response, status, body, Map.of());
    }

    public void noContent() {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, Object body,
                      Map<String, String> headers) throws IOException {
        byte[] bytes = JsonCodec.write(body);
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType(JSON);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    private static List<String> split(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo == null) {
            return out;
        }
        String trimmed = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return out;
        }
        for (String s : trimmed.split("/", -1)) {
            out.add(s);
        }
        return out;
    }
}
