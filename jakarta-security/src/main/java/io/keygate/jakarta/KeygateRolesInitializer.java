package io.keygate.jakarta;

import io.keygate.keys.Permission;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.Set;

/**
 * Declares keygate's permission roles ({@code read}, {@code write}, {@code admin}) in every web application that
 * has this jar, as {@code @DeclareRoles} would. Servers that map groups to roles only for declared roles (Payara)
 * otherwise answer {@code isUserInRole("admin")} with false unless some servlet or {@code web.xml} happens to
 * name the role. Roles of the form {@code org:<id>} and {@code team:<id>} the application declares itself, for the
 * organizations and teams it checks.
 */
public class KeygateRolesInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        String[] roles = new String[Permission.values().length];
        for (Permission p : Permission.values()) {
            roles[p.ordinal()] = p.wireName();
        }
        context.declareRoles(roles);
    }
}
