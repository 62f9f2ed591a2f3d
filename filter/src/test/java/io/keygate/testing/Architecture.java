package io.keygate.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.keygate.PackageRole;

import java.util.Arrays;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * keygate's architecture rules, shared by every module's {@code ArchitectureTest}: no package cycles, every package
 * says whether it is API, SPI or internal ({@link PackageRole}), and no module imports another module's internal
 * packages.
 */
public final class Architecture {

    private Architecture() {
    }

    /** keygate's production classes on the classpath (this module's and those of the modules it depends on). */
    public static JavaClasses production() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.keygate");
    }

    /**
     * No cycle between any two packages (every package is its own slice, the root package included). A
     * {@code package-info} is left out: the {@link PackageRole} annotation on a package is no dependency of its code.
     */
    public static ArchRule noPackageCycles(String topPackage) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String p = javaClass.getPackageName();
                if (javaClass.getSimpleName().equals("package-info")) {
                    return SliceIdentifier.ignore();
                }
                return p.equals(topPackage) || p.startsWith(topPackage + ".") ? SliceIdentifier.of(p)
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of " + topPackage;
            }
        }).should().beFreeOfCycles();
    }

    /** Classes of {@code ownPackage} use no package that another module marked internal. */
    public static ArchRule noInternalImportsOfOtherModules(String ownPackage) {
        return noClasses().that().resideInAPackage(ownPackage + "..")
                .should().dependOnClassesThat(internalOutside(ownPackage))
                .allowEmptyShould(true);
    }

    /** Every package of {@code topPackage} that holds classes declares its role (generated code excepted). */
    public static ArchRule everyPackageDeclaresItsRole(String topPackage) {
        return classes().that().resideInAPackage(topPackage + "..").and().resideOutsideOfPackage("..jmh_generated..")
                .should(new ArchCondition<>("reside in a package whose package-info declares @PackageRole") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        boolean declared = c.getPackage().isAnnotatedWith(PackageRole.class);
                        events.add(new SimpleConditionEvent(c, declared, "package " + c.getPackageName()
                                + " has no package-info.java with @PackageRole"));
                    }
                });
    }

    static DescribedPredicate<JavaClass> internalOutside(String ownPackage) {
        return DescribedPredicate.describe("reside in another module's package marked @PackageRole(INTERNAL)",
                c -> !(c.getPackageName().equals(ownPackage) || c.getPackageName().startsWith(ownPackage + "."))
                        && internal(c.getPackage()));
    }

    private static boolean internal(JavaPackage p) {
        return p.tryGetAnnotationOfType(PackageRole.class)
                .map(role -> Arrays.asList(role.value()).contains(PackageRole.Role.INTERNAL))
                .orElse(false);
    }
}
