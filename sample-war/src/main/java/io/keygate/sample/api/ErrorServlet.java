package io.keygate.sample.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * JSON for everything the API servlets do not answer themselves: the {@code web.xml} error pages (container
 * errors, uncaught exceptions) and, mapped to {@code /}, every path that matches no resource. Never a stack trace.
 */
public class ErrorServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(ErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : 404;
        if (failure != null) {
            LOG.log(Level.ERROR, "unhandled failure for " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure);
            status = status >= 400 && status != 500 ? status : 500;
        }
        ApiException answer = switch (status) {
            case 400 -> ApiException.invalid("the request is malformed");
            case 404 -> ApiException.notFound("no resource at this path");
            case 405 -> new ApiException(405, "Method not allowed", "this method is not supported here");
            case 413 -> ApiException.tooLarge(RequestBodies.MAX_BYTES);
            case 415 -> ApiException.unsupportedMediaType("Content-Type must be application/json");
            case 503 -> new ApiException(503, "Service unavailable", "the service is temporarily unavailable");
            default -> status >= 400 && status < 500 ? new ApiException(status, "Request failed", null)
                    : new ApiException(500, "Internal error", "The request could not be completed.");
        };
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        Exchange.write(request, response, answer.status(), answer.body(), Map.of());
    }
}
