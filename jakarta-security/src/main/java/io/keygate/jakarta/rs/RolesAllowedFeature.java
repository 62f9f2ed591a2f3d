package io.keygate.jakarta.rs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.List;

/**
 * {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on JAX-RS resource methods and classes, answered in
 * keygate's words: an anonymous caller gets the 401 of a missing key, a key without the role gets the contract's
 * 403 permission body ({@code "This API key lacks the 'write' permission."}, with the {@code insufficient_scope}
 * challenge) when the role is a permission, or a 403 naming the role otherwise ({@code org:acme}).
 *
 * <p>Jakarta REST leaves these annotations to the implementation: Jersey enforces them only when
 * {@code RolesAllowedDynamicFeature} is registered, RESTEasy only with {@code resteasy.role.based.security}, and both
 * answer a bare 403. This feature works the same on every server. A method's annotation wins over its class's;
 * roles are checked with {@code SecurityContext.isUserInRole}, so the container's role mapping applies.
 *
 * <p>Discovered like any {@code @Provider} in the WAR; an {@code Application} that lists its classes adds
 * {@code RolesAllowedFeature.class}.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    /** Before an implementation's own {@code @RolesAllowed} filter (at AUTHORIZATION), so keygate's body wins. */
    public static final int PRIORITY = Priorities.AUTHORIZATION - 1;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        List<String> roles = requiredRoles(method, type);
        if (roles != null) {
            context.register(new RolesAllowedRequestFilter(roles), PRIORITY);
        }
    }

    /** The roles of which the caller needs one (empty: nobody may call), or null when anyone may. */
    static List<String> requiredRoles(Method method, Class<?> type) {
        if (method.isAnnotationPresent(DenyAll.class)) {
            return List.of();
        }
        if (method.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        if (onMethod != null) {
            return List.of(onMethod.value());
        }
        if (type.isAnnotationPresent(DenyAll.class)) {
            return List.of();
        }
        if (type.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed onType = type.getAnnotation(RolesAllowed.class);
        return onType != null ? List.of(onType.value()) : null;
    }
}
