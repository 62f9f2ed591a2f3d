package io.keygate.sample.api;

import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.JsonSupport;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A servlet that answers GET (and HEAD) only, and every other method — PUT, DELETE, PATCH, POST, OPTIONS, TRACE,
 * anything — with the sample's JSON 405 and {@code Allow: GET, HEAD}, like the API's resources. (HttpServlet's
 * defaults would answer an empty error page without {@code Allow}, and TRACE would echo the request's headers.)
 */
public abstract class GetOnlyServlet extends HttpServlet {

    static final String ALLOW = "GET, HEAD";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            super.service(request, response);
            return;
        }
        byte[] body = JsonSupport.mapper().writeValueAsBytes(new Errors.Body(Errors.METHOD_NOT_ALLOWED,
                "this method is not supported here; allowed: " + ALLOW));
        response.setStatus(405);
        response.setHeader("Allow", ALLOW);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
