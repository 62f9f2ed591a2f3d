package io.keygate.sample.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

import java.util.HashSet;
import java.util.Set;

/**
 * OPTIONS is answered with 405 and the route's {@code Allow}, as the sample always did, instead of Jersey's
 * automatic plain-text OPTIONS answer: the sample declares no OPTIONS method, so every OPTIONS request that reaches
 * a route matched Jersey's automatic one. (CORS preflights never get here: they carry no key, and the filter
 * answers them 401.)
 */
@Provider
public final class AutomaticOptions implements ContainerRequestFilter {

    @Context
    private ExtendedUriInfo uriInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod()) || uriInfo.getMatchedRuntimeResources().isEmpty()) {
            return;
        }
        Set<String> allowed = new HashSet<>();
        for (ResourceMethod method : uriInfo.getMatchedRuntimeResources().get(0).getResourceMethods()) {
            allowed.add(method.getHttpMethod());
        }
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        throw new NotAllowedException(Response.status(405).allow(allowed).build());
    }
}
