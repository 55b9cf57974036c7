package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 PodTemplates (pkg/registry/core/podtemplate/strategy.go): the template gets the pod
 * spec defaults (SetDefaults_PodSpec through the PodTemplateSpec), is validated as a pod template
 * (pkg/apis/core/validation ValidatePodTemplate / ValidatePodTemplateSpec: its labels and
 * annotations, then the pod spec under {@code template.spec}), and any change to it bumps
 * {@code metadata.generation}. There is no status.
 */
public final class PodTemplateStrategy extends BasicStrategy {
  public PodTemplateStrategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public void prepareForCreate(ObjectNode template) {
    defaults(template);
  }

  @Override
  public void prepareForUpdate(ObjectNode template, ObjectNode old) {
    defaults(template);
  }

  private static void defaults(ObjectNode template) {
    ObjectNode spec = Fields.object(template, "template.spec");
    if (spec != null) PodSpecDefaults.apply(spec);
  }

  @Override
  public List<StatusCause> validate(ObjectNode template) {
    List<StatusCause> causes = super.validate(template);
    causes.addAll(templateCauses(template));
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode template, ObjectNode old) {
    List<StatusCause> causes = super.validateUpdate(template, old);
    causes.addAll(templateCauses(template));
    return causes;
  }

  /** ValidatePodTemplateSpec at {@code template}. */
  private static List<StatusCause> templateCauses(ObjectNode template) {
    List<StatusCause> causes = new java.util.ArrayList<>();
    ObjectNode spec = Fields.object(template, "template");
    if (spec != null) {
      causes.addAll(prefixed(MetadataValidation.labels(spec, "metadata.labels"), "template."));
      causes.addAll(prefixed(MetadataValidation.annotations(spec, "metadata.annotations"), "template."));
    }
    causes.addAll(PodSpecValidation.validate(Fields.object(template, "template.spec"), "template.spec", true));
    return causes;
  }

  private static List<StatusCause> prefixed(List<StatusCause> causes, String prefix) {
    return causes.stream().map(c -> new StatusCause(c.reason(), c.message(), prefix + c.field())).toList();
  }

  /** Any change to the template increments the generation (strategy.go PrepareForUpdate). */
  @Override
  public boolean generationChanged(ObjectNode template, ObjectNode old) {
    return !Fields.sameAt(template, old, "template");
  }
}
