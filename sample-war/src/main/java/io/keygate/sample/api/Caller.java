package io.keygate.sample.api;

import io.keygate.http.ApiKeyPrincipal;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.sample.db.Seeds;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Set;

/**
 * The authenticated key behind a request, as the filter left it: {@code request.getUserPrincipal()}, or the
 * {@link ApiKeyPrincipal#REQUEST_ATTRIBUTE} attribute when a wrapper hides the principal.
 */
public record Caller(String keyId, String organizationId, Owner owner, Environment environment,
                     Set<Permission> permissions, Restriction restriction) {

    /**
     * @throws ApiException 401 if the request did not pass the filter (a deployment mistake: the filter must be
     *                      mapped in front of the API)
     */
    public static Caller of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        ApiKeyPrincipal p = principal instanceof ApiKeyPrincipal k ? k
                : request.getAttribute(ApiKeyPrincipal.REQUEST_ATTRIBUTE) instanceof ApiKeyPrincipal k2 ? k2 : null;
        if (p == null) {
            throw new ApiException(401, "Authentication failed", "Valid API key required. Please include it in the "
                    + "Authorization header as 'Bearer <your-api-key>'.");
        }
        return new Caller(p.keyId(), p.organizationId(), p.owner(), p.environment(), p.permissions(),
                p.restriction());
    }

    public boolean isLive() {
        return environment == Environment.LIVE;
    }

    /** Admin keys of the platform organization manage the keys of every organization. */
    public boolean isPlatformAdmin() {
        return Seeds.PLATFORM.equals(organizationId) && permissions.contains(Permission.ADMIN);
    }

    /** Whether this caller may see and manage keys of {@code organization}. */
    public boolean manages(String organization) {
        return isPlatformAdmin() || organizationId.equals(organization);
    }

    /** The id this key is restricted to for {@code type}, or null when it is not restricted to that type. */
    public String restrictedTo(String type) {
        return restriction != null && restriction.type().equals(type) ? restriction.id() : null;
    }
}
