package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.LabelSelectors;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get cronjobs} (printers.go printCronJob). */
public final class CronJobTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        ColumnDefinition.string("Timezone", "The time zone name for the given schedule."),
        Cells.typed("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions.", 0),
        Cells.typed("Active", "integer", "A list of pointers to currently running jobs.", 0),
        ColumnDefinition.string("Last Schedule", "Information when was the last time the job was successfully scheduled."),
        Cells.ageColumn(),
        ColumnDefinition.wide("Containers", "Names of each container in the template."),
        ColumnDefinition.wide("Images", "Images referenced by each container in the template."),
        ColumnDefinition.wide("Selector", "A label query over pods that should match the pod count."));
  }

  @Override
  public List<Object> cells(ObjectNode cj, Instant now) {
    Instant last = Cells.time(cj, "status.lastScheduleTime");
    String lastCell = last == null ? "<none>" : Cells.since(last, now);
    Boolean suspend = Fields.bool(cj, "spec.suspend");
    String suspendCell = suspend == null ? "<unset>" : (suspend ? "True" : "False");
    String[] containers = Cells.containers(Fields.at(cj, "spec.jobTemplate.spec.template.spec"));
    ObjectNode selector = Fields.object(cj, "spec.jobTemplate.spec.selector");
    String selectorCell = selector == null || LabelSelectors.isEmpty(selector) ? "" : LabelSelectors.format(selector);
    return List.of(Cells.name(cj), Fields.string(cj, "spec.schedule", ""),
        Fields.string(cj, "spec.timeZone", "<none>"), suspendCell,
        (long) Fields.objects(cj, "status.active").size(), lastCell, Cells.age(cj, now),
        containers[0], containers[1], selectorCell);
  }
}
