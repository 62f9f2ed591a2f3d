package io.keygate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.keygate.testing.Architecture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter module's structure: no package cycle, every package says API, SPI or internal. */
class ArchitectureTest {

    private static final JavaClasses FILTER = Architecture.production();

    @Test
    void packagesWhenImportedThenFreeOfCycles() {
        Architecture.noPackageCycles("io.keygate").check(FILTER);
    }

    @Test
    void packagesWhenImportedThenEachDeclaresItsRole() {
        Architecture.everyPackageDeclaresItsRole("io.keygate").check(FILTER);
    }

    @Test
    void internalRuleWhenAnotherPackageImportsAnInternalOneThenViolated() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.keygate.testing.archfixture");

        assertThat(Architecture.noInternalImportsOfOtherModules("io.keygate.testing.archfixture.user")
                .evaluate(fixture).hasViolation()).isTrue();
        assertThat(Architecture.noInternalImportsOfOtherModules("io.keygate.testing.archfixture.internal")
                .evaluate(fixture).hasViolation()).isFalse();
    }

    @Test
    void cycleRuleWhenTwoPackagesImportEachOtherThenViolated() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.keygate.testing.archfixture");

        assertThat(Architecture.noPackageCycles("io.keygate.testing.archfixture.cycle").evaluate(fixture)
                .hasViolation()).isTrue();
        assertThat(Architecture.noPackageCycles("io.keygate.testing.archfixture.user").evaluate(fixture)
                .hasViolation()).isFalse();
    }
}
