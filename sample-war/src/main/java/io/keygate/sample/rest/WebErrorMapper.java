package io.keygate.sample.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;

/**
 * Every {@link WebApplicationException}. The sample's own ({@link Errors}) carry their JSON answer and pass
 * untouched; the ones Jakarta REST raises without a body get the contract's JSON:
 * <ul>
 * <li>403 from {@code RolesAllowedDynamicFeature}: the filter's permission 403 for the first role the resource
 * method (or its class) allows, with the same {@code WWW-Authenticate} challenge;</li>
 * <li>401 (no principal: the filter is not in front of the resource): the filter's 401 for a missing key;</li>
 * <li>405: {@code Allow} and a JSON body; every other status: {@link Errors#status(int)}.</li>
 * </ul>
 */
@Provider
public final class WebErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private ResourceInfo resource;
    @Context
    private ServletContext servletContext;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.hasEntity()) {
            return response;
        }
        return switch (response.getStatus()) {
            case 401 -> Errors.missingKey(Errors.realm(servletContext));
            case 403 -> {
                String role = requiredRole();
                yield role != null ? Errors.insufficientPermission(Errors.realm(servletContext), role)
                        : Errors.response(403, Errors.FORBIDDEN, "this operation is not permitted");
            }
            case 405 -> Errors.methodNotAllowed(response.getAllowedMethods());
            default -> Errors.status(response.getStatus());
        };
    }

    /** The permission a {@code @RolesAllowed} denial was about: the method's first role, else its class's. */
    private String requiredRole() {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles != null && roles.value().length > 0 ? roles.value()[0] : null;
    }
}
