package dev.kubeha.pki;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package table for pki (docs/architecture.md): the model, the private-file writer, BouncyCastle
 * and the JDK, nothing else.
 */
class PkiDependenciesTest {
    @Test
    void pkiUsesOnlyTheModelBouncyCastleAndTheJdk() {
        JavaClasses pki = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kubeha.pki");
        classes().that().resideInAPackage("dev.kubeha.pki..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.kubeha.pki..", "dev.kubeha.model..",
                        "dev.kubeha.files..",
                        "org.bouncycastle..", "java..", "javax.security..")
                .check(pki);
    }
}
