package io.keygate.verify;

import io.keygate.keys.Permission;
import io.keygate.limit.Plan;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 7 to 9 of the contract's order of decisions for a verified, active key: plan access, resource
 * restriction, permission. Pure: no I/O, no state but the settings; denials are shared immutable outcomes.
 */
final class Authorizer {

    private static final AuthOutcome.PlanDenied PLAN_DENIED = new AuthOutcome.PlanDenied();

    private final List<PathPattern> adminPaths;
    private final List<PathPattern> readPaths;
    private final Map<String, PathPattern> restrictions;
    private final Set<String> readMethods;
    private final Map<String, AuthOutcome.RestrictionDenied> restrictionDenied = new HashMap<>();
    private final Map<Permission, AuthOutcome.PermissionDenied> permissionDenied = new EnumMap<>(Permission.class);

    Authorizer(EngineSettings settings) {
        this.adminPaths = settings.adminPaths();
        this.readPaths = settings.readPaths();
        this.restrictions = settings.restrictions();
        this.readMethods = settings.readMethods();
        restrictions.keySet().forEach(type -> restrictionDenied.put(type, new AuthOutcome.RestrictionDenied(type)));
        for (Permission p : Permission.values()) {
            permissionDenied.put(p, new AuthOutcome.PermissionDenied(p));
        }
    }

    /**
     * The denial, or null when the key may make this request.
     *
     * @param organizationPlan the plan of the key's organization, or null when it has none
     * @param keyPlan          the plan that applies to the key (its own, else its organization's), or null
     */
    /**
     * Whether the plans grant API access: a key's own plan never grants API access that its organization's plan lacks
     * (contract §7.1). Null plans (none configured) restrict nothing.
     */
    static boolean apiAccess(Plan organizationPlan, Plan keyPlan) {
        return (organizationPlan == null || organizationPlan.apiAccess()) && (keyPlan == null || keyPlan.apiAccess());
    }

    AuthOutcome deny(VerifiedKey key, Plan organizationPlan, Plan keyPlan, String path, String method) {
        if (!apiAccess(organizationPlan, keyPlan)) {
            return PLAN_DENIED;
        }
        if (key.restriction() != null) {
            PathPattern template = restrictions.get(key.restriction().type());
            String target = template == null ? null : template.match(path);
            if (target != null && !target.equals(key.restriction().id())) {
                return restrictionDenied.get(key.restriction().type());
            }
        }
        Permission required = requiredPermission(path, method);
        return key.permissions().contains(required) ? null : permissionDenied.get(required);
    }

    /** Admin paths need admin; read paths and read methods need read; everything else needs write. */
    Permission requiredPermission(String path, String method) {
        // indexed, as HttpAuthenticator.excluded: the for-each iterators showed up in the allocation profile of
        // every request under HTTP load
        for (int i = 0; i < adminPaths.size(); i++) {
            if (adminPaths.get(i).matches(path)) {
                return Permission.ADMIN;
            }
        }
        if (readMethods.contains(method)) {
            return Permission.READ;
        }
        for (int i = 0; i < readPaths.size(); i++) {
            if (readPaths.get(i).matches(path)) {
                return Permission.READ;
            }
        }
        return Permission.WRITE;
    }
}
