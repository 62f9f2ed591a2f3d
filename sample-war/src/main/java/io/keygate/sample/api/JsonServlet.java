package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.store.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Base of the sample's API servlets: routes every method to {@link #handle(Exchange)} and turns every failure into
 * a JSON answer. Client mistakes arrive as {@link ApiException}s (4xx); an unreachable database is a 503 with
 * {@code Retry-After}; anything else is logged and answered with a plain 500 body, never a stack trace.
 */
public abstract class JsonServlet extends HttpServlet {

    /** Retry-After for answers given while the database is unreachable. */
    public static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(JsonServlet.class.getName());

    protected SampleApplication app() {
        return SampleApplication.from(getServletContext());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        try {
            handle(new Exchange(request, response));
        } catch (ApiException e) {
            answer(request, response, e);
        } catch (StoreUnavailableException | PersistenceException e) {
            LOG.log(Level.WARNING, "database unavailable for " + request.getMethod() + " "
                    + request.getServletPath() + ": " + e);
            answer(request, response, ApiException.unavailable("The database is temporarily unavailable. Retry after "
                    + UNAVAILABLE_RETRY_AFTER_SECONDS + " seconds.", UNAVAILABLE_RETRY_AFTER_SECONDS));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "unexpected failure in " + request.getMethod() + " " + request.getServletPath(), e);
            answer(request, response, new ApiException(500, "Internal error",
                    "The request could not be completed."));
        }
    }

    /** Answers one request; throws {@link ApiException} for anything but success. */
    protected abstract void handle(Exchange exchange) throws IOException;

    static void answer(HttpServletRequest request, HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            LOG.log(Level.DEBUG, "response already committed, cannot answer " + e.status());
            return;
        }
        // resetBuffer, not reset: the rate-limit headers the filter set belong on error answers too
        response.resetBuffer();
        Exchange.write(request, response, e.status(), e.body(), e.headers());
    }

    /** The methods a route supports, as an {@code Allow} value; throws 405 when the request's is not among them. */
    protected static void allow(Exchange exchange, String... methods) {
        for (String m : methods) {
            if (m.equals(exchange.method()) || ("GET".equals(m) && "HEAD".equals(exchange.method()))) {
                return;
            }
        }
        String allowed = String.join(", ", methods);
        if (java.util.Arrays.asList(methods).contains("GET")) {
            allowed = allowed + ", HEAD";
        }
        throw ApiException.methodNotAllowed(exchange.method(), allowed);
    }

    static Map<String, Object> items(Object items) {
        return Map.of("items", items);
    }
}
