package dev.klite.apiserver.openapi;

import java.util.Map;

/**
 * Short descriptions of the fields users look up most with {@code kubectl explain}. The fabric8
 * model classes carry no documentation, so these are klite's own summaries; other fields show
 * kubectl's {@code <no description>}.
 */
final class FieldDescriptions {
  private FieldDescriptions() {}

  private static final Map<String, String> BY_NAME = Map.ofEntries(
      Map.entry("apiVersion", "The versioned schema of this representation of an object, e.g. batch/v1."),
      Map.entry("kind", "The REST resource type this object represents, in CamelCase, e.g. Job."),
      Map.entry("metadata", "Standard object metadata: name, namespace, labels, annotations, owners."),
      Map.entry("spec", "The desired state of the object, set by its user."),
      Map.entry("status", "The most recently observed state of the object, written by the system. Read-only."),
      Map.entry("name", "The name of the object, unique within its namespace (or cluster for cluster-scoped kinds)."),
      Map.entry("namespace", "The namespace the object lives in; empty for cluster-scoped kinds."),
      Map.entry("labels", "Key/value pairs used to organise and select objects."),
      Map.entry("annotations", "Arbitrary non-identifying key/value metadata for tools and libraries."),
      Map.entry("template", "The pod template from which pods are created."),
      Map.entry("containers", "The containers of the pod. At least one is required; names must be unique."),
      Map.entry("initContainers", "Containers run to completion, in order, before the regular containers start."),
      Map.entry("image", "The container image to run."),
      Map.entry("command", "The entrypoint, replacing the image's ENTRYPOINT; not run in a shell."),
      Map.entry("args", "Arguments to the entrypoint, replacing the image's CMD."),
      Map.entry("env", "Environment variables set in the container."),
      Map.entry("restartPolicy", "Restart policy of the pod's containers: Always, OnFailure or Never "
          + "(Jobs allow only OnFailure and Never)."),
      Map.entry("backoffLimit", "Number of retries before the Job is marked failed. Defaults to 6."),
      Map.entry("completions", "The number of successfully finished pods the Job needs."),
      Map.entry("parallelism", "The maximum number of pods the Job runs at the same time."),
      Map.entry("activeDeadlineSeconds", "Seconds the object may be active before the system terminates it."),
      Map.entry("ttlSecondsAfterFinished", "Seconds after a finished Job is deleted automatically."),
      Map.entry("suspend", "Whether the controller should suspend (stop creating pods for) this object."),
      Map.entry("selector", "A label query over the pods this object manages."),
      Map.entry("schedule", "The schedule in Cron format."),
      Map.entry("jobTemplate", "The template of the Jobs created when the schedule fires."),
      Map.entry("concurrencyPolicy", "How to treat concurrent runs: Allow, Forbid or Replace."),
      Map.entry("nodeName", "The node the pod is bound to."),
      Map.entry("phase", "A high-level summary of where the object is in its lifecycle."),
      Map.entry("conditions", "The latest available observations of the object's state."),
      Map.entry("data", "The key/value data of the object."));

  static String of(String field) {
    return BY_NAME.get(field);
  }
}
