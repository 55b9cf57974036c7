package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.LabelSelectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get jobs} (printers.go printJob). */
public final class JobTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Status", "Status of the job."),
        ColumnDefinition.string("Completions", "The number of pods which reached phase Succeeded."),
        ColumnDefinition.string("Duration", "Time required to complete the job."),
        Cells.ageColumn(),
        ColumnDefinition.wide("Containers", "Names of each container in the template."),
        ColumnDefinition.wide("Images", "Images referenced by each container in the template."),
        ColumnDefinition.wide("Selector", "A label query over pods that should match the pod count."));
  }

  @Override
  public List<Object> cells(ObjectNode job, Instant now) {
    long succeeded = orZero(Fields.integer(job, "status.succeeded"));
    Long completions = Fields.integer(job, "spec.completions");
    String completionsCell;
    if (completions != null) {
      completionsCell = succeeded + "/" + completions;
    } else {
      long parallelism = orZero(Fields.integer(job, "spec.parallelism"));
      completionsCell = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = Cells.time(job, "status.startTime");
    Instant end = Cells.time(job, "status.completionTime");
    String duration = start == null ? "" : HumanDuration.human(Duration.between(start, end == null ? now : end));
    String[] containers = Cells.containers(Fields.at(job, "spec.template.spec"));
    ObjectNode selector = Fields.object(job, "spec.selector");
    String selectorCell = selector == null || LabelSelectors.isEmpty(selector) ? "" : LabelSelectors.format(selector);
    return List.of(Cells.name(job), status(job), completionsCell, duration, Cells.age(job, now),
        containers[0], containers[1], selectorCell);
  }

  /** First match of Complete, Failed, Terminating, Suspended, FailureTarget, else Running. */
  static String status(ObjectNode job) {
    if (Cells.conditionTrue(job, "Complete")) return "Complete";
    if (Cells.conditionTrue(job, "Failed")) return "Failed";
    if (Fields.has(job, "metadata.deletionTimestamp")) return "Terminating";
    if (Cells.conditionTrue(job, "Suspended")) return "Suspended";
    if (Cells.conditionTrue(job, "FailureTarget")) return "FailureTarget";
    return "Running";
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}
