package dev.klite.kubelet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** design.md "Modules": kubelet-lite reaches the API server over HTTP only and shares no code with other modules. */
class ModuleRulesTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.klite.kubelet");

  @Test
  void dependsOnNoOtherKliteModule() {
    noClasses().that().resideInAPackage("dev.klite.kubelet..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.apiserver..", "dev.klite.store..",
            "dev.klite.controller..", "dev.klite.cli..", "dev.klite.junit5..")
        .check(classes);
  }

  @Test
  void policyClassesDoNoIo() {
    noClasses().that().haveSimpleName("PodPhases").or().haveSimpleName("PodConditions")
        .or().haveSimpleName("PodStatusBuilder").or().haveSimpleName("Expansion").or().haveSimpleName("RestartBackoff").or().haveSimpleName("MountRetry")
        .or().haveSimpleName("TokenRefresh")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "io.fabric8.kubernetes.client..",
            "io.vertx..")
        .check(classes);
  }
}
