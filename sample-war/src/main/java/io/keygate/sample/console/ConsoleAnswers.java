package io.keygate.sample.console;

import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.JsonSupport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The console's headers and JSON answers. Every console answer carries {@link #CONTENT_SECURITY_POLICY} and the other
 * headers of {@link #secure}; API answers are also {@code no-store}. Errors read like the rest of the sample's
 * ({@code {"error":...,"detail":...}}, through {@link Errors}, which redacts anything shaped like a key).
 */
final class ConsoleAnswers {

    /** Scripts, styles, images, fonts and fetches from the console's own origin only; no framing, no foreign forms. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    static final String NO_SESSION = "No console session. Sign in with an admin key.";
    static final String SESSION_EXPIRED = "Console session expired. Sign in again.";
    static final String KEY_INACTIVE = "The key of this console session is no longer active. Sign in again.";
    static final String NEEDS_ADMIN = "The console needs a key with the admin permission.";
    static final String CSRF = "Missing or wrong X-CSRF-Token header.";

    /** Most of an unread request body {@link #drain} reads and drops before answering. */
    static final int MAX_DRAIN_BYTES = 64 * 1024;

    private ConsoleAnswers() {
    }

    /**
     * Reads and drops what is left of the request body (at most {@link #MAX_DRAIN_BYTES}) before an answer that did
     * not need it (a 403 for a missing CSRF header, a 401). Otherwise the answer is written and the connection closed
     * while the client is still sending (Jetty closes connections with unread content), and the client may see a
     * reset instead of the answer. Tomcat swallows such bodies itself; this makes both alike.
     */
    static void drain(HttpServletRequest request) throws IOException {
        try {
            java.io.InputStream in = request.getInputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while (total <= MAX_DRAIN_BYTES && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IllegalStateException readerInUse) {
            // the body was read as characters: nothing is left to drain
        }
    }

    /** The headers of every answer under {@code /console}. */
    static void secure(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    static void error(HttpServletRequest request, HttpServletResponse response, int status, String error,
                      String detail) throws IOException {
        json(request, response, status, Errors.response(status, error, detail).getEntity());
    }

    static void json(HttpServletRequest request, HttpServletResponse response, int status, Object body)
            throws IOException {
        drain(request);
        byte[] bytes = JsonSupport.mapper().writeValueAsBytes(body);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
