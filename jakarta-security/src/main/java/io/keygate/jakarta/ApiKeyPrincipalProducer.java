package io.keygate.jakarta;

import io.keygate.http.ApiKeyPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

import java.security.Principal;
import java.util.Set;

/**
 * Makes the current caller's key injectable: {@code @Inject ApiKeyPrincipal key;} in a request-scoped bean, a JAX-RS
 * resource or an EJB method's bean gives the key's id, name, organization, team, owner, environment, permissions and
 * restriction; it is {@code null} for an anonymous request.
 *
 * <p>{@code ApiKeyPrincipal} is a record (final), so it cannot be proxied for a normal scope: it is produced
 * {@code @Dependent}, read from the container's security context when the injecting bean is made. A bean that
 * lives longer than a request ({@code @ApplicationScoped}, {@code @Singleton}) injects
 * {@code Instance<ApiKeyPrincipal>} and calls {@code get()} on each use. Its only bean type is
 * {@code ApiKeyPrincipal}, so the container's own {@code Principal} bean stays unambiguous.
 */
@ApplicationScoped
public class ApiKeyPrincipalProducer {

    @Inject
    SecurityContext securityContext;

    @Produces
    @Dependent
    @Typed(ApiKeyPrincipal.class)
    public ApiKeyPrincipal currentApiKeyPrincipal() {
        return current(securityContext);
    }

    /** The key of the current caller, or null when the caller is anonymous or not a key. */
    public static ApiKeyPrincipal current(SecurityContext securityContext) {
        Principal caller = securityContext.getCallerPrincipal();
        if (caller instanceof ApiKeyPrincipal key) {
            return key;
        }
        // servers that wrap a custom caller principal keep the original among the subject's principals
        Set<ApiKeyPrincipal> keys = securityContext.getPrincipalsByType(ApiKeyPrincipal.class);
        return keys.isEmpty() ? null : keys.iterator().next();
    }
}
