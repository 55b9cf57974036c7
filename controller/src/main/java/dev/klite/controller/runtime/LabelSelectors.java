package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Pure {@code metav1.LabelSelector} matching ({@code staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go}). */
public final class LabelSelectors {

  private LabelSelectors() {}

  /**
   * Whether the labels satisfy the selector. As upstream's {@code LabelSelectorAsSelector}, a
   * {@code null} selector matches nothing and an empty one matches everything.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, l)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String value = labels.get(r.getKey());
    switch (r.getOperator()) {
      case "In":
        return value != null && values.contains(value);
      case "NotIn":
        return value == null || !values.contains(value);
      case "Exists":
        return labels.containsKey(r.getKey());
      case "DoesNotExist":
        return !labels.containsKey(r.getKey());
      default:
        return false;
    }
  }
}
