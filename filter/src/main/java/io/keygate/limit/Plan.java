package io.keygate.limit;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A plan: a name, whether it includes API access, and the limits every request is counted against (all of them
 * must have room for a request to be admitted).
 */
public record Plan(String name, boolean apiAccess, List<Limit> limits) {

    public Plan {
        Objects.requireNonNull(name, "name cannot be null");
        limits = limits == null ? List.of()
                : limits.stream().sorted(Comparator.comparingLong(Limit::windowSeconds)).toList();
    }

    public static Plan of(String name, Limit... limits) {
        return new Plan(name, true, List.of(limits));
    }

    public static Plan noApiAccess(String name) {
        return new Plan(name, false, List.of());
    }

    /** Unlimited, with API access. */
    public static Plan unlimited(String name) {
        return new Plan(name, true, List.of());
    }
}
