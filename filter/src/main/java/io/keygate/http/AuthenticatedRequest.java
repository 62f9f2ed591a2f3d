package io.keygate.http;

import io.keygate.keys.Permission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** The request as the application sees it after authentication. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "BEARER";
    private static final String AUTHORIZATION = "Authorization";

    private final ApiKeyPrincipal principal;
    private final boolean hideAuthorization;

    AuthenticatedRequest(HttpServletRequest request, ApiKeyPrincipal principal, boolean hideAuthorization) {
        super(request);
        this.principal = principal;
        this.hideAuthorization = hideAuthorization;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /** Roles are the permissions' wire names: {@code read}, {@code write}, {@code admin}. */
    @Override
    public boolean isUserInRole(String role) {
        for (Permission p : principal.permissions()) {
            if (p.wireName().equals(role)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        if (!hideAuthorization) {
            return super.getHeaderNames();
        }
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(AUTHORIZATION::equalsIgnoreCase);
        return Collections.enumeration(names);
    }

    private boolean hidden(String name) {
        return hideAuthorization && AUTHORIZATION.equalsIgnoreCase(name);
    }
}
