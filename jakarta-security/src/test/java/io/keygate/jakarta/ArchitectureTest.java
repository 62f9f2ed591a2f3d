package io.keygate.jakarta;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.keygate.testing.Architecture;
import org.junit.jupiter.api.Test;

/** This module uses only the API and SPI of the modules it builds on, and its own packages form no cycle. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = Architecture.production();

    @Test
    void classesWhenImportedThenUseNoInternalPackageOfAnotherModule() {
        Architecture.noInternalImportsOfOtherModules("io.keygate.jakarta").check(CLASSES);
    }

    @Test
    void packagesWhenImportedThenDeclareTheirRoleAndFormNoCycle() {
        Architecture.everyPackageDeclaresItsRole("io.keygate.jakarta").check(CLASSES);
        Architecture.noPackageCycles("io.keygate.jakarta").check(CLASSES);
    }
}
