package io.keygate.jakarta.rs;

import io.keygate.keys.Permission;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolesAllowedFeatureTest {

    @RolesAllowed("read")
    static class ReadResource {
        public void inherits() {
        }

        @RolesAllowed({"write", "admin"})
        public void writes() {
        }

        @PermitAll
        public void open() {
        }

        @DenyAll
        public void closed() {
        }
    }

    static class PlainResource {
        public void plain() {
        }
    }

    @DenyAll
    static class ClosedResource {
        public void any() {
        }

        @RolesAllowed("admin")
        public void admins() {
        }
    }

    private static List<String> roles(Class<?> type, String method) throws NoSuchMethodException {
        Method m = type.getMethod(method);
        return RolesAllowedFeature.requiredRoles(m, type);
    }

    @Test
    void requiredRolesWhenOnlyTheClassIsAnnotatedThenTheClassRoles() throws Exception {
        assertThat(roles(ReadResource.class, "inherits")).containsExactly("read");
    }

    @Test
    void requiredRolesWhenMethodIsAnnotatedThenTheMethodWins() throws Exception {
        assertThat(roles(ReadResource.class, "writes")).containsExactly("write", "admin");
        assertThat(roles(ReadResource.class, "open")).isNull();
        assertThat(roles(ReadResource.class, "closed")).isEmpty();
        assertThat(roles(ClosedResource.class, "admins")).containsExactly("admin");
    }

    @Test
    void requiredRolesWhenClassDeniesAllThenNobody() throws Exception {
        assertThat(roles(ClosedResource.class, "any")).isEmpty();
    }

    @Test
    void requiredRolesWhenNothingIsAnnotatedThenAnyone() throws Exception {
        assertThat(roles(PlainResource.class, "plain")).isNull();
    }

    @Test
    void weakestPermissionOfSeveralAllowedRolesIsTheOneToAskFor() {
        assertThat(RolesAllowedRequestFilter.weakestPermission(List.of("admin", "write"))).isEqualTo(Permission.WRITE);
        assertThat(RolesAllowedRequestFilter.weakestPermission(List.of("org:acme", "admin"))).isEqualTo(Permission.ADMIN);
        assertThat(RolesAllowedRequestFilter.weakestPermission(List.of("org:acme"))).isNull();
    }
}
