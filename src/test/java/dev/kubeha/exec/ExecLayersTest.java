package dev.kubeha.exec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package table of DESIGN.md for plan and exec: plan never runs anything, exec never renders. */
class ExecLayersTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kubeha");

    @Test
    void planImportsOnlyModelPkiAndRender() {
        noClasses().that().resideInAPackage("dev.kubeha.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kubeha.exec..", "dev.kubeha.bundle..",
                        "dev.kubeha.cli..", "dev.kubeha.ui..", "net.schmizz..", "com.hierynomus..", "javafx..")
                .check(CLASSES);
    }

    @Test
    void execImportsOnlyPlanAndModel() {
        noClasses().that().resideInAPackage("dev.kubeha.exec..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kubeha.pki..", "dev.kubeha.render..",
                        "dev.kubeha.bundle..", "dev.kubeha.cli..", "dev.kubeha.ui..", "javafx..")
                .check(CLASSES);
    }

    @Test
    void onlyTheSshPackageKnowsSshj() {
        noClasses().that().resideInAnyPackage("dev.kubeha..").and().resideOutsideOfPackage("dev.kubeha.exec.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..")
                .check(CLASSES);
    }
}
