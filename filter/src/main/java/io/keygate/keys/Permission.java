package io.keygate.keys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Read, write and admin. {@code admin} implies {@code write}, {@code write} implies {@code read}. */
public enum Permission {
    READ, WRITE, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Permission fromWireName(String value) {
        for (Permission p : values()) {
            if (p.wireName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("permission must be one of 'read', 'write', 'admin'");
    }

    /** The 8 possible sets, immutable, indexed by bit mask (READ=1, WRITE=2, ADMIN=4). */
    private static final List<Set<Permission>> CANONICAL = canonicalSets();

    private static List<Set<Permission>> canonicalSets() {
        List<Set<Permission>> sets = new ArrayList<>();
        for (int mask = 0; mask < 8; mask++) {
            EnumSet<Permission> s = EnumSet.noneOf(Permission.class);
            for (Permission p : values()) {
                if ((mask & (1 << p.ordinal())) != 0) {
                    s.add(p);
                }
            }
            sets.add(Collections.unmodifiableSet(s));
        }
        return List.copyOf(sets);
    }

    private static int mask(Set<Permission> permissions) {
        int mask = 0;
        for (Permission p : permissions) {
            mask |= 1 << p.ordinal();
        }
        return mask;
    }

    /**
     * The shared immutable instance equal to {@code permissions}: every key holds one of 8 sets, so a cache of many
     * keys holds no set of its own and nothing is copied per request.
     */
    public static Set<Permission> canonical(Set<Permission> permissions) {
        // already one of the 8 (a cached key's set, passed on to the principal of every request): returned as it is,
        // without iterating it through its unmodifiable wrapper (two iterator objects per request in the profile)
        for (int i = 0; i < CANONICAL.size(); i++) {
            if (CANONICAL.get(i) == permissions) {
                return permissions;
            }
        }
        return CANONICAL.get(mask(permissions));
    }

    /** The given permissions with everything they imply added (a shared immutable set). */
    public static Set<Permission> closure(Set<Permission> granted) {
        int mask = mask(granted);
        if ((mask & (1 << ADMIN.ordinal())) != 0) {
            mask |= 1 << WRITE.ordinal();
        }
        if ((mask & (1 << WRITE.ordinal())) != 0) {
            mask |= 1 << READ.ordinal();
        }
        return CANONICAL.get(mask);
    }
}
