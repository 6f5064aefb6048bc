package dev.kubeha.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package table of DESIGN.md. {@code model} is the vocabulary every layer speaks, so each
 * layer may use it; beyond that, a layer uses only what the table lists.
 */
@AnalyzeClasses(packages = "dev.kubeha", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layersFollowTheDesign = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("launcher").definedBy("dev.kubeha")
            .layer("model").definedBy("dev.kubeha.model..")
            .layer("files").definedBy("dev.kubeha.files..")
            .layer("pki").definedBy("dev.kubeha.pki..")
            .layer("render").definedBy("dev.kubeha.render..")
            .layer("plan").definedBy("dev.kubeha.plan..")
            .layer("artifact").definedBy("dev.kubeha.artifact..")
            .layer("exec").definedBy("dev.kubeha.exec..")
            .layer("bundle").definedBy("dev.kubeha.bundle..")
            .layer("operation").definedBy("dev.kubeha.operation..")
            .layer("cli").definedBy("dev.kubeha.cli..")
            .layer("ui").definedBy("dev.kubeha.ui..")
            .layer("demo").definedBy("dev.kubeha.demo..")
            .whereLayer("launcher").mayNotBeAccessedByAnyLayer()
            .whereLayer("ui").mayOnlyBeAccessedByLayers("launcher")
            .whereLayer("cli").mayOnlyBeAccessedByLayers("launcher")
            // The simulated lab of `kubeha --demo`: only the window starts it; the CLI never needs it.
            .whereLayer("demo").mayOnlyBeAccessedByLayers("ui")
            // One run object per operation: the front ends (and the demo, which fills a workspace) use it.
            .whereLayer("operation").mayOnlyBeAccessedByLayers("cli", "ui", "demo")
            // operation: what nodes without internet receive (images, as a bundle has them) is gathered once.
            .whereLayer("bundle").mayOnlyBeAccessedByLayers("operation", "cli", "ui")
            .whereLayer("artifact").mayOnlyBeAccessedByLayers("bundle", "operation", "cli", "ui")
            .whereLayer("exec").mayOnlyBeAccessedByLayers("operation", "cli", "ui", "demo")
            .whereLayer("plan").mayOnlyBeAccessedByLayers("exec", "bundle", "operation", "cli", "ui")
            .whereLayer("render").mayOnlyBeAccessedByLayers("plan", "bundle", "operation", "cli", "ui")
            .whereLayer("pki").mayOnlyBeAccessedByLayers("render", "plan", "bundle", "operation", "cli", "ui", "demo")
            // kubeha's own private files: the one writer, below everything that writes one.
            .whereLayer("files").mayOnlyBeAccessedByLayers("pki", "artifact", "exec", "bundle", "operation", "cli", "ui", "demo")
            .whereLayer("model").mayOnlyBeAccessedByLayers(
                    "pki", "render", "plan", "artifact", "exec", "bundle", "operation", "cli", "ui", "demo", "launcher");

    @ArchTest
    static final ArchRule frontEndsRunOperationsOnly = noClasses()
            .that().resideInAnyPackage("dev.kubeha.cli..", "dev.kubeha.ui..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.kubeha.exec.Executor")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.kubeha.exec.RunLog")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.kubeha.exec.Journal")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.kubeha.exec.ssh.SshTransport")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.kubeha.exec.ssh.KnownHosts")
            .because("the operation package wires runs (executor, log, journal, transport) once for every front end");

    @ArchTest
    static final ArchRule theFileWriterDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("dev.kubeha.files..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kubeha.model..", "dev.kubeha.pki..",
                    "dev.kubeha.render..", "dev.kubeha.plan..", "dev.kubeha.exec..", "dev.kubeha.bundle..",
                    "dev.kubeha.operation..", "dev.kubeha.cli..", "dev.kubeha.ui..", "dev.kubeha.demo..");

    @ArchTest
    static final ArchRule onlyTheUiUsesJavaFx = noClasses()
            .that().resideOutsideOfPackage("dev.kubeha.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("DESIGN.md: nothing outside ui imports JavaFX, so the engine and the CLI run without it");

    /**
     * The window's feature packages, each above the next: the application ({@code ui}: start, demo)
     * opens the wizard; the wizard's pages (Review among them) start the Review page's background
     * work ({@code review}: preview, plan, export, install start and its confirmation); that opens
     * the install window ({@code install}, with the Finish page); every one of them uses the shared
     * toolkit ({@code fx}), which knows no feature. A package never uses one above it.
     */
    @ArchTest
    static final ArchRule uiFeaturesFollowTheirOrder = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("app").definedBy("dev.kubeha.ui")
            .layer("wizard").definedBy("dev.kubeha.ui.wizard..")
            .layer("review").definedBy("dev.kubeha.ui.review..")
            .layer("install").definedBy("dev.kubeha.ui.install..")
            .layer("fx").definedBy("dev.kubeha.ui.fx..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("wizard").mayOnlyBeAccessedByLayers("app")
            .whereLayer("review").mayOnlyBeAccessedByLayers("app", "wizard")
            .whereLayer("install").mayOnlyBeAccessedByLayers("app", "wizard", "review")
            .whereLayer("fx").mayOnlyBeAccessedByLayers("app", "wizard", "review", "install");

    @ArchTest
    static final ArchRule uiFeaturesHaveNoCycles = slices().matching("dev.kubeha.ui.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theModelDependsOnNothingOfOurs = noClasses()
            .that().resideInAPackage("dev.kubeha.model..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.kubeha.pki..", "dev.kubeha.render..", "dev.kubeha.plan..", "dev.kubeha.exec..",
                    "dev.kubeha.bundle..", "dev.kubeha.operation..", "dev.kubeha.files..", "dev.kubeha.cli..",
                    "dev.kubeha.ui..");
}
