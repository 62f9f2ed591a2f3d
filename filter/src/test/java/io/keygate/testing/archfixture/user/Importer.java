package io.keygate.testing.archfixture.user;

import io.keygate.testing.archfixture.internal.Hidden;

/** Test fixture: another "module" that imports an internal package, which the architecture rule must report. */
public final class Importer {
    public static int use() {
        return Hidden.value();
    }
}
