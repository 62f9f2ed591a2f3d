package io.keygate.sample.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.keygate.sample.app.SampleApplication;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every meter in Prometheus text exposition format (0.0.4). Excluded from the filter in
 * {@code web.xml}: restrict it at the network or proxy if the numbers are sensitive for you.
 */
public class MetricsServlet extends GetOnlyServlet {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = SampleApplication.from(getServletContext()).meterRegistry().scrape()
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
