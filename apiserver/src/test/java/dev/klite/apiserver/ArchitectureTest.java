package dev.klite.apiserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module rules of style-guide C.1/C.6 that concern the API server's own code. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.klite.apiserver");

  @Test
  void onlyTheWiringClassKnowsTheStoreImplementations() {
    noClasses().that().doNotHaveFullyQualifiedName(ApiServer.class.getName())
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.store.rocksdb..", "dev.klite.store.memory..")
        .check(MAIN);
  }

  @Test
  void onlyAsyncKvStoreCallsTheBlockingStore() {
    noClasses().that().resideOutsideOfPackages("dev.klite.apiserver.storage..", "dev.klite.apiserver")
        .and().doNotHaveSimpleName("Lister").and().doNotHaveSimpleName("WatchSession")
        .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                com.tngtech.archunit.base.DescribedPredicate.describe("KvStore",
                    c -> c.getName().equals("dev.klite.store.KvStore")))))
        .check(MAIN);
  }
}
