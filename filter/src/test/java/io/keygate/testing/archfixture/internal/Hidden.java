package io.keygate.testing.archfixture.internal;

/** Test fixture: a type of an internal package. */
public final class Hidden {
    public static int value() {
        return 1;
    }
}
