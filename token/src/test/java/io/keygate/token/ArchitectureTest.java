package io.keygate.token;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.keygate.testing.Architecture;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** This module uses only the API and SPI of the filter, its packages form no cycle, and it needs no database type. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = Architecture.production();

    @Test
    void classesWhenImportedThenUseNoInternalPackageOfAnotherModule() {
        Architecture.noInternalImportsOfOtherModules("io.keygate.token").check(CLASSES);
    }

    @Test
    void packagesWhenImportedThenDeclareTheirRoleAndFormNoCycle() {
        Architecture.everyPackageDeclaresItsRole("io.keygate.token").check(CLASSES);
        Architecture.noPackageCycles("io.keygate.token").check(CLASSES);
    }

    @Test
    void tokenModuleWhenImportedThenKnowsNoJpaJdbcOrServletType() {
        noClasses().that().resideInAPackage("io.keygate.token..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "java.sql..",
                        "jakarta.servlet..", "io.keygate.jpa..")
                .check(CLASSES);
    }

    @Test
    void filterWhenImportedThenKnowsNoJoseType() {
        noClasses().that().resideInAPackage("io.keygate.store..").or().resideInAPackage("io.keygate.verify..")
                .should().dependOnClassesThat().resideInAnyPackage("com.nimbusds..")
                .check(CLASSES);
    }
}
