package io.keygate.jakarta;

import io.keygate.http.ApiKeyPrincipal;
import io.keygate.keys.Permission;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The groups the container learns for an authenticated key, which its default group-to-role mapping turns into
 * roles for {@code @RolesAllowed}, {@code isCallerInRole} and {@code isUserInRole}: the key's effective permissions
 * ({@code read}, {@code write}, {@code admin}: an admin key is also in {@code write} and {@code read}), its
 * organization as {@code org:<id>} and its team, when it has one, as {@code team:<id>}.
 */
public final class KeygateGroups {

    /** Prefix of the organization group: {@code org:acme}. */
    public static final String ORGANIZATION_PREFIX = "org:";
    /** Prefix of the team group: {@code team:billing}. */
    public static final String TEAM_PREFIX = "team:";

    private KeygateGroups() {
    }

    public static Set<String> of(ApiKeyPrincipal principal) {
        Set<String> groups = new LinkedHashSet<>();
        for (Permission p : Permission.closure(principal.permissions())) {
            groups.add(p.wireName());
        }
        if (principal.organizationId() != null) {
            groups.add(ORGANIZATION_PREFIX + principal.organizationId());
        }
        if (principal.teamId() != null) {
            groups.add(TEAM_PREFIX + principal.teamId());
        }
        return Collections.unmodifiableSet(groups);
    }
}
