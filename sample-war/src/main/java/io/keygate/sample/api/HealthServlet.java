package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.JsonSupport;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when a database connection answers within
 * {@link #CHECK_TIMEOUT_SECONDS} (after at most the pool's connection timeout), else 503 {@code {"status":"DOWN"}}.
 * Excluded from the filter so load balancers need no key.
 */
public class HealthServlet extends HttpServlet {

    public static final int CHECK_TIMEOUT_SECONDS = 1;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = SampleApplication.from(getServletContext()).database().isReachable(CHECK_TIMEOUT_SECONDS);
        byte[] body = JsonSupport.mapper().writeValueAsBytes(Map.of("status", up ? "UP" : "DOWN"));
        response.setStatus(up ? 200 : 503);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
