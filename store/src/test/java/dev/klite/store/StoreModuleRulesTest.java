package dev.klite.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store module's dependency rules (design.md "Modules", style guide C.1). */
class StoreModuleRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.klite.store");
  }

  @Test
  void storeDependsOnNoWebJsonOrKubernetesLibrary() {
    noClasses().that().resideInAPackage("dev.klite.store..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "tools.jackson..", "com.fasterxml..", "io.fabric8..")
        .check(classes);
  }

  @Test
  void theApiPackageDependsOnNoImplementation() {
    noClasses().that().resideInAPackage("dev.klite.store")
        .should().dependOnClassesThat()
        .resideInAnyPackage("dev.klite.store.rocksdb..", "dev.klite.store.memory..", "dev.klite.store.watch..")
        .check(classes);
  }

  @Test
  void onlyTheRocksdbPackageUsesRocksDb() {
    noClasses().that().resideInAPackage("dev.klite.store..")
        .and().resideOutsideOfPackage("dev.klite.store.rocksdb..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
        .check(classes);
  }
}
