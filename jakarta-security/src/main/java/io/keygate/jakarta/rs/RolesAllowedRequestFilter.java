package io.keygate.jakarta.rs;

import io.keygate.keys.Permission;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;

import java.util.List;

/** Checks one resource method's roles; registered by {@link RolesAllowedFeature}. */
final class RolesAllowedRequestFilter implements ContainerRequestFilter {

    private final List<String> roles;
    private final Permission weakestPermission;
    private volatile ErrorResponses responses;

    RolesAllowedRequestFilter(List<String> roles) {
        this.roles = List.copyOf(roles);
        this.weakestPermission = weakestPermission(roles);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        if (security.getUserPrincipal() == null) {
            request.abortWith(responses().missing());
            return;
        }
        for (String role : roles) {
            if (security.isUserInRole(role)) {
                return;
            }
        }
        // of several permissions, the weakest is the one to ask for: any of them would do
        request.abortWith(weakestPermission != null ? responses().permission(weakestPermission)
                : responses().role(roles.isEmpty() ? null : roles.get(0)));
    }

    private ErrorResponses responses() {
        ErrorResponses r = responses;
        if (r == null) {
            r = ErrorResponses.current();
            responses = r;
        }
        return r;
    }

    static Permission weakestPermission(List<String> roles) {
        Permission weakest = null;
        for (String role : roles) {
            for (Permission p : Permission.values()) {
                if (p.wireName().equals(role) && (weakest == null || p.ordinal() < weakest.ordinal())) {
                    weakest = p;
                }
            }
        }
        return weakest;
    }
}
