package io.keygate.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.keygate.testing.Architecture;
import org.junit.jupiter.api.Test;

/** This module uses only the API and SPI of the modules it builds on, and its own packages form no cycle. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = Architecture.production();

    @Test
    void classesWhenImportedThenUseNoInternalPackageOfAnotherModule() {
        Architecture.noInternalImportsOfOtherModules("io.keygate.sample").check(CLASSES);
    }

    @Test
    void packagesWhenImportedThenDeclareTheirRoleAndFormNoCycle() {
        Architecture.everyPackageDeclaresItsRole("io.keygate.sample").check(CLASSES);
        Architecture.noPackageCycles("io.keygate.sample").check(CLASSES);
    }
}
