package io.keygate.jakarta;

import io.keygate.http.ApiKeyPrincipal;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeygateGroupsTest {

    private static ApiKeyPrincipal principal(Set<Permission> permissions, String organization, String team) {
        return new ApiKeyPrincipal("key_1", "k", organization, team, Owner.user("u"), Environment.LIVE,
                permissions, null, null);
    }

    @Test
    void ofWhenAdminKeyWithTeamThenEveryImpliedPermissionOrganizationAndTeam() {
        assertThat(KeygateGroups.of(principal(EnumSet.of(Permission.ADMIN), "acme", "billing")))
                .containsExactlyInAnyOrder("read", "write", "admin", "org:acme", "team:billing");
    }

    @Test
    void ofWhenReadKeyWithoutTeamThenReadAndOrganizationOnly() {
        assertThat(KeygateGroups.of(principal(EnumSet.of(Permission.READ), "globex", null)))
                .containsExactlyInAnyOrder("read", "org:globex");
    }

    @Test
    void ofWhenWriteKeyThenReadAndWriteButNotAdmin() {
        assertThat(KeygateGroups.of(principal(EnumSet.of(Permission.WRITE), "acme", null)))
                .contains("read", "write").doesNotContain("admin");
    }
}
