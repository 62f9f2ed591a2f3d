package io.keygate.sample.rest;

import io.keygate.service.KeyNotActiveException;
import io.keygate.service.ValidationException;
import io.keygate.store.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.System.Logger.Level;

/**
 * Everything no closer mapper takes: keygate's service exceptions as client errors (400 naming the field, 409 for
 * a key that can no longer be rotated), an unreachable database as 503 with {@code Retry-After}, and anything else
 * as a JSON 500 without a stack trace, logged once with the resource method (never the raw path, which is client
 * input).
 */
@Provider
public final class FailureMapper implements ExceptionMapper<Throwable> {

    private static final System.Logger LOG = System.getLogger(FailureMapper.class.getName());

    @Context
    private ResourceInfo resource;

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ValidationException v) {
            String message = v.getMessage();
            return Errors.response(400, Errors.INVALID_REQUEST,
                    message != null && message.contains(v.field()) ? message : v.field() + ": " + message);
        }
        if (e instanceof KeyNotActiveException) {
            return Errors.conflict(e.getMessage()).getResponse();
        }
        if (e instanceof StoreUnavailableException || e instanceof PersistenceException) {
            LOG.log(Level.WARNING, "keygate sample: database unavailable in " + where() + ": " + e);
            return Errors.unavailable();
        }
        LOG.log(Level.ERROR, "keygate sample: unexpected failure in " + where(), e);
        return Errors.internalError();
    }

    private String where() {
        return resource.getResourceMethod() == null ? "request processing"
                : resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
    }
}
