package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get podtemplates} (printers.go printPodTemplate): no age column upstream. */
public final class PodTemplateTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Containers", "Names of each container in the template."),
        ColumnDefinition.string("Images", "Images referenced by each container in the template."),
        ColumnDefinition.string("Pod Labels", "The labels for the pod template."));
  }

  @Override
  public List<Object> cells(ObjectNode template, Instant now) {
    String[] containers = Cells.containers(Fields.at(template, "template.spec"));
    return List.of(Cells.name(template), containers[0], containers[1],
        Cells.formatLabels(Fields.stringMap(template, "template.metadata.labels")));
  }
}
