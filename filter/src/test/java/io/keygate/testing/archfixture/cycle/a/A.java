package io.keygate.testing.archfixture.cycle.a;

import io.keygate.testing.archfixture.cycle.b.B;

/** Test fixture: one half of a package cycle the architecture rule must report. */
public final class A {
    public static int viaB() {
        return B.value() + 1;
    }

    public static int value() {
        return 1;
    }
}
