package io.keygate.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.keygate.testing.Architecture;
import org.junit.jupiter.api.Test;

/** This module uses only the API and SPI of the modules it builds on, and its own packages form no cycle. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = Architecture.production();

    @Test
    void classesWhenImportedThenUseNoInternalPackageOfAnotherModule() {
        Architecture.noInternalImportsOfOtherModules("io.keygate.bench").check(CLASSES);
    }

    @Test
    void packagesWhenImportedThenDeclareTheirRoleAndFormNoCycle() {
        Architecture.everyPackageDeclaresItsRole("io.keygate.bench").check(CLASSES);
        Architecture.noPackageCycles("io.keygate.bench").check(CLASSES);
    }
}
