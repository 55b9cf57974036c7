package dev.klite.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.report.SpecList.Spec;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the {@code @Conformance} tests and the in-scope spec list in step. */
class SpecListTest {

  @Test
  void everyConformanceTestNamesAnInScopeSpecAndIsNamedAfterIt() {
    Set<String> codenames = SpecList.load().stream().map(Spec::codename).collect(Collectors.toSet());
    Map<String, Method> tests = ConformanceReport.ConformanceTests.scan();
    assertThat(tests).isNotEmpty();
    tests.forEach((codename, method) -> {
      assertThat(codenames).as("spec of %s", method).contains(codename);
      assertThat(method.getName()).as("name of the test for %s", codename).isEqualTo(SpecList.methodNameFor(codename));
      assertThat(method.getDeclaringClass().getSimpleName()).as("class of %s", method).endsWith("IT");
    });
  }

  @Test
  void specListHasNoDuplicatesAndEveryGroupIsNamed() {
    var specs = SpecList.load();
    assertThat(specs).hasSizeGreaterThan(100);
    assertThat(specs.stream().map(Spec::codename)).doesNotHaveDuplicates();
    assertThat(specs).allSatisfy(s -> {
      assertThat(s.group()).isNotBlank();
      assertThat(s.release()).matches("v1\\.\\d+");
    });
  }

  @Test
  void methodNameDropsTagsAndCamelCasesTheWords() {
    assertThat(SpecList.methodNameFor("[sig-apps] Job should delete a job")).isEqualTo("jobShouldDeleteAJob");
    assertThat(SpecList.methodNameFor("[sig-apps] CronJob should not schedule jobs when suspended [Slow]"))
        .isEqualTo("cronjobShouldNotScheduleJobsWhenSuspended");
    assertThat(SpecList.methodNameFor("[sig-node] Probing container should *not* be restarted with a exec \"cat /tmp/health\" liveness probe"))
        .isEqualTo("probingContainerShouldNotBeRestartedWithAExecCatTmpHealthLivenessProbe");
  }
}
