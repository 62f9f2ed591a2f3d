package io.keygate.sample.api;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.service.Actor;
import jakarta.servlet.http.HttpServletRequest;
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

    /** The key's team, or null. A key of a team uses only its team's workflows (contract §7.3). */
    public String teamId() {
        return key.teamId();
    }

    /**
     * The caller as keygate's management services see it: its key as stored now (with expiry and rate limit, which
     * bound what it may create) and the request's client address, for the audit log.
     *
     * @throws io.keygate.service.ForbiddenException if the key was revoked or expired since the filter admitted it
     */
    public Actor actor(Keygate keygate, HttpServletRequest request) {
        return keygate.service().actor(key.keyId(), request.getRemoteAddr());
    }

    /** The id this key is restricted to for {@code type}, or null when it is not restricted to that type. */
    public String restrictedTo(String type) {
        return key.restriction() != null && key.restriction().type().equals(type) ? key.restriction().id() : null;
    }
}
