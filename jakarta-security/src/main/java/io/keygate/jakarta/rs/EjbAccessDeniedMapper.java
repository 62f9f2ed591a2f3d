package io.keygate.jakarta.rs;

import jakarta.ejb.EJBAccessException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An EJB's {@code @RolesAllowed} refusing the caller, reached from a JAX-RS resource: keygate's 401 for an anonymous
 * caller, else a 403 {@code {"error":"Forbidden","detail":"This API key lacks a role this operation requires."}}
 * (the exception does not say which role). Without it the server answers 500.
 */
@Provider
public class EjbAccessDeniedMapper implements ExceptionMapper<EJBAccessException> {

    @Context
    SecurityContext security;

    @Override
    public Response toResponse(EJBAccessException exception) {
        ErrorResponses responses = ErrorResponses.current();
        return security.getUserPrincipal() == null ? responses.missing() : responses.role(null);
    }
}
