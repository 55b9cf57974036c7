package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import dev.klite.apiserver.resources.core.PodSpecDefaults;
import dev.klite.apiserver.resources.core.ResourceRequirementsValidation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * batch/v1 CronJobs (pkg/registry/batch/cronjob/strategy.go, pkg/apis/batch/v1/defaults.go
 * SetDefaults_CronJob, pkg/apis/batch/validation/validation.go ValidateCronJobCreate/Update).
 * Only the pod template inside {@code jobTemplate} is defaulted; JobSpec defaults apply to the
 * Jobs the controller creates.
 */
public final class CronJobStrategy extends BasicStrategy {
  static final List<String> CONCURRENCY_POLICIES = List.of("Allow", "Forbid", "Replace");
  private static final Pattern TZ_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

  public CronJobStrategy() {
    super(true, true, MetadataValidation.SUBDOMAIN);
  }

  static void applyDefaults(ObjectNode cronJob) {
    ResourceRequirementsValidation.checkDecodable(
        Fields.objectOrEmpty(cronJob, "spec.jobTemplate.spec.template.spec"), "CronJob");
    ObjectNode spec = Fields.ensureObject(cronJob, "spec");
    Fields.setIfAbsent(spec, "concurrencyPolicy", "Allow");
    Fields.setIfAbsent(spec, "suspend", false);
    Fields.setIfAbsent(spec, "successfulJobsHistoryLimit", 3L);
    Fields.setIfAbsent(spec, "failedJobsHistoryLimit", 1L);
    PodSpecDefaults.apply(Fields.ensureObject(spec, "jobTemplate.spec.template.spec"));
  }

  @Override
  public void prepareForCreate(ObjectNode cronJob) {
    applyDefaults(cronJob);
    cronJob.set("status", Json.object());
    Fields.set(cronJob, "metadata.generation", 1L);
  }

  @Override
  public void prepareForUpdate(ObjectNode cronJob, ObjectNode old) {
    super.prepareForUpdate(cronJob, old);
    applyDefaults(cronJob);
  }

  @Override
  public List<StatusCause> validate(ObjectNode cronJob) {
    List<StatusCause> causes = super.validate(cronJob);
    String name = Fields.string(cronJob, "metadata.name", "");
    if (name.length() > 52) causes.add(Causes.invalid("metadata.name", name, "must be no more than 52 characters"));
    String schedule = Fields.string(cronJob, "spec.schedule", "");
    if (!schedule.isEmpty() && schedule.contains("TZ")) {
      causes.add(Causes.invalid("spec.schedule", schedule,
          "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    }
    causes.addAll(spec(cronJob, null));
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode cronJob, ObjectNode old) {
    List<StatusCause> causes = super.validateUpdate(cronJob, old);
    String schedule = Fields.string(cronJob, "spec.schedule", "");
    String oldSchedule = Fields.string(old, "spec.schedule", "");
    if (schedule.contains("TZ")) {
      if (!oldSchedule.contains("TZ")) {
        causes.add(Causes.invalid("spec.schedule", schedule,
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
      } else if (Fields.has(cronJob, "spec.timeZone")) {
        causes.add(Causes.invalid("spec.schedule", schedule,
            "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
      }
    }
    causes.addAll(spec(cronJob, old));
    return causes;
  }

  private static List<StatusCause> spec(ObjectNode cronJob, ObjectNode old) {
    List<StatusCause> causes = new java.util.ArrayList<>();
    ObjectNode spec = Fields.objectOrEmpty(cronJob, "spec");
    String schedule = Fields.string(spec, "schedule", "");
    if (schedule.isEmpty()) {
      causes.add(StatusCause.required("spec.schedule"));
    } else {
      Optional<String> err = CronScheduleSyntax.error(schedule);
      err.ifPresent(e -> causes.add(Causes.invalid("spec.schedule", schedule, e)));
    }
    if (Fields.has(spec, "timeZone") && (old == null || !Fields.sameAt(cronJob, old, "spec.timeZone"))) {
      timeZone(Fields.string(spec, "timeZone", ""), causes);
    }
    for (String n : List.of("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")) {
      MetadataValidation.nonNegative(cronJob, "spec." + n, causes);
    }
    String policy = Fields.string(spec, "concurrencyPolicy", "");
    if (policy.isEmpty()) {
      causes.add(StatusCause.required("spec.concurrencyPolicy"));
    } else if (!CONCURRENCY_POLICIES.contains(policy)) {
      causes.add(StatusCause.notSupported("spec.concurrencyPolicy", policy, CONCURRENCY_POLICIES));
    }
    ObjectNode template = Fields.objectOrEmpty(spec, "jobTemplate");
    causes.addAll(JobSpecValidation.prefixed(MetadataValidation.labels(template, "metadata.labels"), "spec.jobTemplate."));
    ObjectNode jobSpec = Fields.objectOrEmpty(template, "spec");
    if (Fields.has(jobSpec, "selector")) {
      causes.add(Causes.invalid("spec.jobTemplate.spec.selector", Fields.object(jobSpec, "selector"),
          "`selector` will be auto-generated"));
    }
    if (Fields.isTrue(jobSpec, "manualSelector")) {
      causes.add(StatusCause.notSupported("spec.jobTemplate.spec.manualSelector", true, List.of("nil", "false")));
    }
    causes.addAll(JobSpecValidation.validate(jobSpec, "spec.jobTemplate.spec", false));
    return causes;
  }

  private static void timeZone(String tz, List<StatusCause> causes) {
    String path = "spec.timeZone";
    if (tz.isEmpty()) {
      causes.add(Causes.invalid(path, tz, "timeZone must be nil or non-empty string"));
      return;
    }
    for (String part : tz.split("/", -1)) {
      if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TZ_PART.matcher(part).matches()) {
        causes.add(Causes.invalid(path, tz, "unknown time zone " + tz));
        return;
      }
    }
    if (tz.toLowerCase(Locale.ROOT).equals("local")) {
      causes.add(Causes.invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
      return;
    }
    try {
      java.time.ZoneId.of(tz);
    } catch (java.time.DateTimeException e) {
      causes.add(Causes.invalid(path, tz, "unknown time zone " + tz));
    }
  }

  @Override
  public List<String> warningsOnCreate(ObjectNode cronJob) {
    String name = Fields.string(cronJob, "metadata.name", "");
    List<String> msgs = dev.klite.apiserver.resources.common.NameRules.dns1123Label(name);
    if (name.isEmpty() || msgs.isEmpty()) return List.of();
    return List.of("metadata.name: this is used in Pod names and hostnames, which can result in surprising "
        + "behavior; a DNS label is recommended: [" + String.join(", ", msgs) + "]");
  }
}
