package ctl;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import ctl.core.Task;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of README's "Architecture", importing one way: Main and the docs → cli (the
 * wiring and the command table) → the task packages, side by side → the entity homes (model)
 * and the task machinery (bulk, security) → core (context, task, audit writer) → output → db →
 * base (exit codes, the outside world). A cycle, or a lower layer reaching up, fails the build.
 */
@AnalyzeClasses(packages = "ctl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Top-level packages (a package with its subpackages: jOOQ's generated classes refer to each other). */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("ctl.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule tasksDoNotImportEachOther = slices()
            .matching("ctl.(user|token|group|audit|migrate|doctor|completion)..")
            .should().notDependOnEachOther();

    /** picocli builds every task to make the command table: a static jOOQ field would load jOOQ on every run. */
    @ArchTest
    static final ArchRule noTaskHoldsJooqInAStaticField = noFields()
            .that().areStatic().and().areDeclaredInClassesThat().areAssignableTo(Task.class)
            .should().haveRawType(DescribedPredicate.describe("a jOOQ type or an array of one",
                    (JavaClass type) -> (type.isArray() ? type.getBaseComponentType() : type).getPackageName()
                            .startsWith("org.jooq")));

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Entry").definedBy("ctl", "ctl.docs..")
            .layer("Cli").definedBy("ctl.cli..")
            .layer("Tasks").definedBy("ctl.user..", "ctl.token..", "ctl.group..", "ctl.audit..", "ctl.migrate..",
                    "ctl.doctor..", "ctl.completion..")
            .layer("Model").definedBy("ctl.model..")
            .layer("Machinery").definedBy("ctl.bulk..", "ctl.security..")
            .layer("Core").definedBy("ctl.core..")
            .layer("Output").definedBy("ctl.output..")
            .layer("Db").definedBy("ctl.db..")
            .layer("Base").definedBy("ctl.base..")
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("Cli").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Tasks").mayOnlyBeAccessedByLayers("Cli", "Entry")
            .whereLayer("Model").mayOnlyBeAccessedByLayers("Tasks")
            .whereLayer("Machinery").mayOnlyBeAccessedByLayers("Tasks", "Model")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Machinery", "Model", "Tasks", "Cli", "Entry")
            .whereLayer("Output").mayOnlyBeAccessedByLayers("Core", "Machinery", "Model", "Tasks", "Cli", "Entry")
            .whereLayer("Db").mayOnlyBeAccessedByLayers("Core", "Machinery", "Model", "Tasks", "Cli", "Entry");
}
