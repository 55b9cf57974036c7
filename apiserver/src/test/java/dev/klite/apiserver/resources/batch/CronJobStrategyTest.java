package dev.klite.apiserver.resources.batch;

import static dev.klite.apiserver.resources.Objects.json;
import static dev.klite.apiserver.resources.Objects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class CronJobStrategyTest {
  private final CronJobStrategy strategy = new CronJobStrategy();

  static ObjectNode cronJob(String schedule) {
    return json("""
        {'metadata':{'name':'nightly','namespace':'default','uid':'u'},
         'spec':{'schedule':'%s','jobTemplate':{'spec':{'template':{'spec':{'restartPolicy':'OnFailure',
           'containers':[{'name':'c','image':'busybox'}]}}}}}}""".formatted(schedule));
  }

  @Test
  void createDefaultsPolicyAndHistoryButNotTheJobSpec() {
    ObjectNode cj = cronJob("*/5 * * * *");
    strategy.prepareForCreate(cj);
    assertThat(Fields.string(cj, "spec.concurrencyPolicy")).isEqualTo("Allow");
    assertThat(Fields.isTrue(cj, "spec.suspend")).isFalse();
    assertThat(Fields.integer(cj, "spec.successfulJobsHistoryLimit")).isEqualTo(3L);
    assertThat(Fields.integer(cj, "spec.failedJobsHistoryLimit")).isEqualTo(1L);
    assertThat(Fields.string(cj, "spec.jobTemplate.spec.template.spec.dnsPolicy")).isEqualTo("ClusterFirst");
    assertThat(Fields.has(cj, "spec.jobTemplate.spec.backoffLimit")).isFalse();
    assertThat(strategy.validate(cj)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 0 * * *|",
      "@hourly|",
      "@every 1h30m|",
      "*/15 9-17 * JAN-MAR mon-fri|",
      "0 0 ? * SUN|",
      "* * *|expected exactly 5 fields, found 3: [* * *]",
      "61 * * * *|end of range (61) above maximum (59): 61",
      "* * 0 * *|beginning of range (0) below minimum (1): 0",
      "5-1 * * * *|beginning of range (5) beyond end of range (1): 5-1",
      "*/0 * * * *|step of range should be a positive number: */0",
      "x * * * *|failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
      "@sometimes|unrecognized descriptor: @sometimes"})
  void scheduleSyntaxAsRobfigCron(String schedule, String error) {
    assertThat(CronScheduleSyntax.error(schedule)).isEqualTo(Optional.ofNullable(error));
  }

  @Test
  void invalidScheduleIsReportedOnTheField() {
    ObjectNode cj = cronJob("* * *");
    strategy.prepareForCreate(cj);
    assertThat(lines(strategy.validate(cj)))
        .containsExactly("spec.schedule: Invalid value: \"* * *\": expected exactly 5 fields, found 3: [* * *]");
  }

  @Test
  void templateRulesUseTheJobTemplatePath() {
    ObjectNode cj = cronJob("@daily");
    Fields.remove(cj, "spec.jobTemplate.spec.template.spec.restartPolicy");
    Fields.set(cj, "spec.jobTemplate.spec.manualSelector", true);
    strategy.prepareForCreate(cj);
    assertThat(lines(strategy.validate(cj))).containsExactlyInAnyOrder(
        "spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: \"nil\", \"false\"",
        "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
  }

  @Test
  void nameLongerThan52IsRejectedAndTzInScheduleToo() {
    ObjectNode cj = cronJob("CRON_TZ=UTC 0 * * * *");
    Fields.set(cj, "metadata.name", "n".repeat(53));
    strategy.prepareForCreate(cj);
    assertThat(lines(strategy.validate(cj))).containsExactlyInAnyOrder(
        "metadata.name: Invalid value: \"" + "n".repeat(53) + "\": must be no more than 52 characters",
        "spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Europe/Berlin|",
      "Local|spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
      "Mars/Olympus|spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus"})
  void timeZoneRules(String tz, String error) {
    ObjectNode cj = cronJob("0 * * * *");
    Fields.set(cj, "spec.timeZone", tz);
    strategy.prepareForCreate(cj);
    if (error == null) assertThat(strategy.validate(cj)).isEmpty();
    else assertThat(lines(strategy.validate(cj))).containsExactly(error);
  }
}
