package io.keygate.keys;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Permission#canonical}: every set maps to one of 8 shared immutable instances, whatever set it is handed,
 * and a set that already is one of them comes back as it is.
 */
class PermissionTest {

    private static List<Set<Permission>> allSubsets() {
        List<Set<Permission>> out = new ArrayList<>();
        for (int mask = 0; mask < 8; mask++) {
            Set<Permission> s = new HashSet<>();
            for (Permission p : Permission.values()) {
                if ((mask & (1 << p.ordinal())) != 0) {
                    s.add(p);
                }
            }
            out.add(s);
        }
        return out;
    }

    @Test
    void canonicalWhenAnySubsetThenEqualSharedAndImmutable() {
        for (Set<Permission> subset : allSubsets()) {
            Set<Permission> canonical = Permission.canonical(subset);

            assertThat(canonical).isEqualTo(subset);
            assertThat(Permission.canonical(subset.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(subset)))
                    .isSameAs(canonical);
            assertThat(Permission.canonical(Set.copyOf(subset))).isSameAs(canonical);
            assertThatThrownBy(() -> canonical.add(Permission.ADMIN)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void canonicalWhenAlreadyCanonicalThenSameInstance() {
        for (Set<Permission> subset : allSubsets()) {
            Set<Permission> canonical = Permission.canonical(subset);

            assertThat(Permission.canonical(canonical)).isSameAs(canonical);
        }
    }

    @Test
    void canonicalWhenMutableSetChangesAfterwardsThenResultUnchanged() {
        Set<Permission> mutable = EnumSet.of(Permission.READ);

        Set<Permission> canonical = Permission.canonical(mutable);
        mutable.add(Permission.ADMIN);

        assertThat(canonical).isNotSameAs(mutable).containsExactly(Permission.READ);
    }

    @Test
    void closureWhenAdminThenWriteAndReadImplied() {
        assertThat(Permission.closure(Set.of(Permission.ADMIN)))
                .containsExactlyInAnyOrder(Permission.READ, Permission.WRITE, Permission.ADMIN)
                .isSameAs(Permission.canonical(EnumSet.allOf(Permission.class)));
        assertThat(Permission.closure(Set.of(Permission.WRITE)))
                .containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
    }
}
