package io.keygate.sample.api;

import io.keygate.http.ApiKeyPrincipal;
import io.keygate.keys.Permission;
import io.keygate.sample.db.Seeds;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The authenticated key behind a request, read from the standard {@link SecurityContext}: behind keygate's filter,
 * {@code getUserPrincipal()} is the key's {@link ApiKeyPrincipal} (and {@code isUserInRole} follows its
 * permissions, which is what {@code @RolesAllowed} checks).
 */
public record Caller(ApiKeyPrincipal key) {

    /**
     * @throws NotAuthorizedException (answered as the filter's 401) when the request did not pass the filter: a
     *                                deployment mistake, the filter must be mapped in front of the API
     */
    public static Caller of(SecurityContext security) {
        if (security.getUserPrincipal() instanceof ApiKeyPrincipal key) {
            return new Caller(key);
        }
        throw new NotAuthorizedException(Response.status(401).build());
    }

    public String keyId() {
        return key.keyId();
    }

    public String organizationId() {
        return key.organizationId();
    }

    public boolean isLive() {
        return key.isLive();
    }

    /** Admin keys of the platform organization manage the keys of every organization. */
    public boolean isPlatformAdmin() {
        return Seeds.PLATFORM.equals(key.organizationId()) && key.has(Permission.ADMIN);
    }

    /** Whether this caller may see and manage keys of {@code organization}. */
    public boolean manages(String organization) {
        return isPlatformAdmin() || key.organizationId().equals(organization);
    }

    /** The id this key is restricted to for {@code type}, or null when it is not restricted to that type. */
    public String restrictedTo(String type) {
        return key.restriction() != null && key.restriction().type().equals(type) ? key.restriction().id() : null;
    }
}
