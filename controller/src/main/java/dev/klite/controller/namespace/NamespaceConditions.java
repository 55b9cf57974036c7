package dev.klite.controller.namespace;

import dev.klite.controller.runtime.Timestamps;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: the five namespace-deletion conditions, as upstream's
 * {@code pkg/controller/namespace/deletion/status_condition_utils.go}. Every type is always
 * present: {@code "True"} with a failure reason while the problem lasts, otherwise {@code "False"}
 * with the "ok" reason. {@code lastTransitionTime} only moves when the status flips.
 */
public final class NamespaceConditions {

  static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
  static final String GV_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
  static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
  static final String CONTENT_REMAINING = "NamespaceContentRemaining";
  static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

  /** Order in which upstream appends the types. */
  static final List<String> TYPES = List.of(DISCOVERY_FAILURE, GV_PARSING_FAILURE, CONTENT_FAILURE,
      CONTENT_REMAINING, FINALIZERS_REMAINING);

  private static final Map<String, String[]> OK = Map.of(
      DISCOVERY_FAILURE, new String[] {"ResourcesDiscovered", "All resources successfully discovered"},
      GV_PARSING_FAILURE, new String[] {"ParsedGroupVersions", "All legacy kube types successfully parsed"},
      CONTENT_FAILURE, new String[] {"ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
      CONTENT_REMAINING, new String[] {"ContentRemoved", "All content successfully removed"},
      FINALIZERS_REMAINING, new String[] {"ContentHasNoFinalizers", "All content-preserving finalizers finished"});

  private NamespaceConditions() {}

  /**
   * What one deletion pass found.
   *
   * @param discoveryFailure the discovery error text, if discovery was partial or failed
   * @param failedGroups how many group versions failed discovery (0 if the whole call failed)
   * @param deleteErrors one message per resource type that could not be emptied
   * @param remainingByResource {@code resource.group} → objects still present (0 entries ignored)
   * @param remainingByFinalizer finalizer → objects still carrying it (0 entries ignored)
   */
  public record Pass(Optional<String> discoveryFailure, int failedGroups, List<String> deleteErrors,
      Map<String, Integer> remainingByResource, Map<String, Integer> remainingByFinalizer) {

    public Pass {
      deleteErrors = List.copyOf(deleteErrors);
      remainingByResource = Map.copyOf(remainingByResource);
      remainingByFinalizer = Map.copyOf(remainingByFinalizer);
    }
  }

  /** The failing conditions of a pass (types absent here are "ok"). */
  static List<NamespaceCondition> failures(Pass pass, Instant now) {
    List<NamespaceCondition> out = new ArrayList<>();
    pass.discoveryFailure().ifPresent(err -> out.add(condition(DISCOVERY_FAILURE, "DiscoveryFailed",
        pass.failedGroups() > 0 ? "Discovery failed for some groups, " + pass.failedGroups() + " failing: " + err : err,
        now)));
    List<String> remaining = summary(pass.remainingByResource(), " has %d resource instances");
    if (!remaining.isEmpty()) {
      out.add(condition(CONTENT_REMAINING, "SomeResourcesRemain",
          "Some resources are remaining: " + String.join(", ", remaining), now));
    }
    List<String> finalizers = summary(pass.remainingByFinalizer(), " in %d resource instances");
    if (!finalizers.isEmpty()) {
      out.add(condition(FINALIZERS_REMAINING, "SomeFinalizersRemain",
          "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers), now));
    }
    if (!pass.deleteErrors().isEmpty()) {
      List<String> errs = pass.deleteErrors().stream().sorted().toList();
      out.add(condition(CONTENT_FAILURE, "ContentDeletionFailed",
          "Failed to delete all resource types, " + errs.size() + " remaining: " + String.join(", ", errs), now));
    }
    return out;
  }

  /**
   * Merges a pass into the current conditions ({@code updateConditions} upstream).
   *
   * @return the new condition list, or empty if nothing changed
   */
  public static Optional<List<NamespaceCondition>> apply(List<NamespaceCondition> current, Pass pass, Instant now) {
    List<NamespaceCondition> failing = failures(pass, now);
    List<NamespaceCondition> result = new ArrayList<>();
    for (NamespaceCondition c : current == null ? List.<NamespaceCondition>of() : current) {
      result.add(new NamespaceConditionBuilder(c).build());
    }
    boolean changed = false;
    for (String type : TYPES) {
      NamespaceCondition wanted = find(failing, type)
          .orElseGet(() -> condition(type, OK.get(type)[0], OK.get(type)[1], now));
      Optional<NamespaceCondition> old = find(result, type);
      if (old.isEmpty()) {
        result.add(wanted);
        changed = true;
      } else if (!old.get().getStatus().equals(wanted.getStatus()) || !old.get().getReason().equals(wanted.getReason())
          || !old.get().getMessage().equals(wanted.getMessage())) {
        NamespaceCondition o = old.get();
        if (!o.getStatus().equals(wanted.getStatus())) {
          o.setLastTransitionTime(Timestamps.format(now));
        }
        o.setStatus(wanted.getStatus());
        o.setReason(wanted.getReason());
        o.setMessage(wanted.getMessage());
        changed = true;
      }
    }
    return changed ? Optional.of(result) : Optional.empty();
  }

  private static List<String> summary(Map<String, Integer> counts, String format) {
    return counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + String.format(format, e.getValue())).sorted().toList();
  }

  private static Optional<NamespaceCondition> find(List<NamespaceCondition> list, String type) {
    return list.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static NamespaceCondition condition(String type, String reason, String message, Instant now) {
    boolean failing = !OK.get(type)[0].equals(reason);
    return new NamespaceConditionBuilder().withType(type).withStatus(failing ? "True" : "False")
        .withLastTransitionTime(Timestamps.format(now)).withReason(reason).withMessage(message).build();
  }
}
