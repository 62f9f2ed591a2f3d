package io.keygate.sample.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

/**
 * The web.xml error page: JSON for the errors the container raises itself before Jersey runs (a malformed URI or
 * header, for instance) and for anything that escapes Jersey. Never a stack trace.
 */
public class ErrorServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(ErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : 404;
        if (failure != null) {
            LOG.log(Level.ERROR, "keygate sample: unhandled failure", failure);
            status = status >= 400 && status != 500 ? status : 500;
        }
        if (response.isCommitted()) {
            return;
        }
        Response answer = Errors.status(status);
        byte[] body = JsonSupport.mapper().writeValueAsBytes(answer.getEntity());
        // resetBuffer, not reset: the rate-limit headers the filter set belong on error answers too
        response.resetBuffer();
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        }
    }
}
