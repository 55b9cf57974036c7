package dev.klite.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module seams of design.md "Modules", checked on the compiled main classes of every module
 * (this module depends on all of them; in a reactor build they arrive as jars, so jars are imported
 * too, limited to klite's own packages). A dependency that crosses a seam fails the build.
 */
class ModuleRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.klite");
  }

  @Test
  void storeHasNoVertxJacksonOrKubernetesTypes() {
    noClasses().that().resideInAPackage("dev.klite.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.vertx..", "tools.jackson..", "com.fasterxml.jackson..", "io.fabric8..", "dev.klite.apiserver..")
        .check(classes);
  }

  @Test
  void onlyTheRocksPackageUsesRocksDb() {
    noClasses().that().resideOutsideOfPackage("dev.klite.store.rocksdb..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
        .check(classes);
  }

  @Test
  void controllerTalksToTheApiServerOnlyOverHttp() {
    noClasses().that().resideInAPackage("dev.klite.controller..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.apiserver..", "dev.klite.store..", "dev.klite.kubelet..")
        .check(classes);
  }

  @Test
  void kubeletTalksToTheApiServerOnlyOverHttp() {
    noClasses().that().resideInAPackage("dev.klite.kubelet..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.apiserver..", "dev.klite.store..", "dev.klite.controller..")
        .check(classes);
  }

  @Test
  void apiServerKnowsNothingOfControllersOrKubelet() {
    noClasses().that().resideInAPackage("dev.klite.apiserver..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.controller..", "dev.klite.kubelet..")
        .check(classes);
  }
}
