package io.keygate.keys;

import java.util.EnumSet;
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

    /** The given permissions with everything they imply added. */
    public static Set<Permission> closure(Set<Permission> granted) {
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        out.addAll(granted);
        if (out.contains(ADMIN)) {
            out.add(WRITE);
        }
        if (out.contains(WRITE)) {
            out.add(READ);
        }
        return out;
    }
}
