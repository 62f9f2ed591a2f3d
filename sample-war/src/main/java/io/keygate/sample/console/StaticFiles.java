package io.keygate.sample.console;

import io.keygate.sample.rest.Errors;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's files ({@code index.html}, styles, ES modules, the vendored chart library), read from the WAR's
 * {@code /console/} directory through {@link ServletContext#getResourceAsStream}. Served by the console itself rather
 * than by the container's default servlet: the sample's Jersey servlet is mapped to {@code /*}, and a servlet of our
 * own behaves alike in Tomcat and Jetty (welcome file, types, JSON 404s).
 *
 * <p>Only plain file names of known types are served ({@link #NAME}: no {@code ..}, no hidden files, no
 * directories); {@code /console/} is {@code index.html}. {@code Cache-Control: no-cache}: the browser revalidates, so
 * a redeployed console is picked up at once.
 */
final class StaticFiles {

    /** Path segments of letters, digits, {@code - _ .}, not starting with a dot, ending in a known extension. */
    private static final Pattern NAME = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+");

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=UTF-8"),
            Map.entry("css", "text/css;charset=UTF-8"),
            Map.entry("js", "text/javascript;charset=UTF-8"),
            Map.entry("mjs", "text/javascript;charset=UTF-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain;charset=UTF-8"));

    private final ServletContext context;

    StaticFiles(ServletContext context) {
        this.context = context;
    }

    /**
     * Answers a request for {@code path} (the path below {@code /console}, starting with {@code /}).
     */
    void serve(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            ConsoleAnswers.error(request, response, 405, Errors.METHOD_NOT_ALLOWED,
                    "the console's files are read with GET or HEAD");
            return;
        }
        String file = path.equals("/") ? "/index.html" : path;
        String type = NAME.matcher(file).matches() ? TYPES.get(extension(file)) : null;
        InputStream in = type == null ? null : context.getResourceAsStream("/console" + file);
        if (in == null) {
            ConsoleAnswers.error(request, response, 404, Errors.NOT_FOUND, "the console has no file at this path");
            return;
        }
        try (in) {
            byte[] bytes = in.readAllBytes();
            response.setStatus(200);
            response.setContentType(type);
            response.setHeader("Cache-Control", "no-cache");
            response.setContentLength(bytes.length);
            if (!"HEAD".equals(method)) {
                try (OutputStream out = response.getOutputStream()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String extension(String file) {
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        return dot > slash ? file.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
