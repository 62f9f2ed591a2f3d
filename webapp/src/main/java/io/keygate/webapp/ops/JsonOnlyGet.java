package io.keygate.webapp.ops;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A servlet that answers GET and HEAD only, and every other method (POST, PUT, DELETE, OPTIONS, TRACE, anything)
 * with a JSON 405 and {@code Allow: GET, HEAD}: {@code HttpServlet}'s defaults would answer an empty error page
 * without {@code Allow}, and TRACE would echo the request's headers.
 */
abstract class JsonOnlyGet extends HttpServlet {

    static final String ALLOW = "GET, HEAD";
    static final String METHOD_NOT_ALLOWED_BODY = "{\"error\":\"Method not allowed\",\"detail\":"
            + "\"this method is not supported here; allowed: " + ALLOW + "\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(request, response);
            return;
        }
        response.setHeader("Allow", ALLOW);
        write(response, 405, "application/json", METHOD_NOT_ALLOWED_BODY);
    }

    /** Writes a complete, uncached answer. */
    static void write(HttpServletResponse response, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
