package io.keygate.testing.archfixture.cycle.b;

import io.keygate.testing.archfixture.cycle.a.A;

/** Test fixture: the other half of the package cycle. */
public final class B {
    public static int viaA() {
        return A.value() + 1;
    }

    public static int value() {
        return 2;
    }
}
