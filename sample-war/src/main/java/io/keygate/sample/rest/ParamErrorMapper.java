package io.keygate.sample.rest;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ParamException;

/**
 * A query (or header) parameter that cannot be converted to its Java type, e.g. {@code size=abc}: 400 naming the
 * parameter, where Jakarta REST would answer 404. A path parameter that does not convert stays 404: the path
 * names no resource.
 */
@Provider
public final class ParamErrorMapper implements ExceptionMapper<ParamException> {

    @Override
    public Response toResponse(ParamException e) {
        if (e.getParameterType() == PathParam.class) {
            return Errors.status(404);
        }
        String expected = e.getCause() instanceof NumberFormatException ? "must be an integer" : "has a wrong value";
        return Errors.response(400, Errors.INVALID_REQUEST, e.getParameterName() + ": " + expected);
    }
}
