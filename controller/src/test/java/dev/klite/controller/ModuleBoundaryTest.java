package dev.klite.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** design.md: the controller talks to any API server over HTTP and never uses other klite modules. */
class ModuleBoundaryTest {

  // Importing the compiled main classes only is much faster than scanning the classpath.
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Paths.get("target", "classes"));

  @Test
  void controllerDependsOnNoOtherKliteModule() {
    noClasses().that().resideInAPackage("dev.klite.controller..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.apiserver..", "dev.klite.store..",
            "dev.klite.kubelet..", "dev.klite.cli..", "dev.klite.junit5..")
        .check(classes);
  }

  @Test
  void policiesDoNotTouchTheClient() {
    noClasses().that().haveSimpleNameEndingWith("Policy").or().haveSimpleName("PodBackoff")
        .or().haveSimpleName("JobStatusCalculator").or().haveSimpleName("JobConditions").or().haveSimpleName("PodTemplates").or().haveSimpleName("NodeFit")
        .or().haveSimpleName("CronSchedule").or().haveSimpleName("MissedRuns").or().haveSimpleName("JobHistory")
        .or().haveSimpleName("CronJobJobs").or().haveSimpleName("LabelSelectors").or().haveSimpleName("PodFailurePolicyEvaluator").or().haveSimpleName("IndexedJobs")
        .should().dependOnClassesThat().resideInAPackage("io.fabric8.kubernetes.client..")
        .check(classes);
  }

  @Test
  void runtimeDoesNotDependOnControllers() {
    noClasses().that().resideInAPackage("dev.klite.controller.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.klite.controller.job..", "dev.klite.controller.gc..",
            "dev.klite.controller.scheduler..", "dev.klite.controller.cronjob..", "dev.klite.controller.ttl..")
        .check(classes);
  }
}
