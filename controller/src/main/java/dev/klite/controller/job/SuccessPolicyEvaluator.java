package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Pure: does an Indexed Job's {@code spec.successPolicy} match its succeeded indexes
 * (job-semantics.md §2.12; upstream {@code matchSuccessPolicy} in
 * {@code pkg/controller/job/success_policy.go})? Rules are tried in order, only once at least one
 * index succeeded: {@code succeededIndexes} alone needs all listed indexes; {@code succeededCount}
 * alone needs that many succeeded indexes; both need that many of the listed ones.
 */
public final class SuccessPolicyEvaluator {

  private SuccessPolicyEvaluator() {}

  /** @return the condition message {@code Matched rules at index <i>} of the first matching rule */
  public static Optional<String> match(SuccessPolicy policy, int completions, SortedSet<Integer> succeeded) {
    if (policy == null || policy.getRules() == null || succeeded.isEmpty()) {
      return Optional.empty();
    }
    List<SuccessPolicyRule> rules = policy.getRules();
    for (int i = 0; i < rules.size(); i++) {
      SuccessPolicyRule rule = rules.get(i);
      boolean matched;
      if (rule.getSucceededIndexes() != null) {
        SortedSet<Integer> wanted = IndexedJobs.parse(rule.getSucceededIndexes(), completions);
        long hit = wanted.stream().filter(succeeded::contains).count();
        matched = rule.getSucceededCount() == null ? hit == wanted.size() : hit >= rule.getSucceededCount();
      } else {
        matched = rule.getSucceededCount() != null && succeeded.size() >= rule.getSucceededCount();
      }
      if (matched) {
        return Optional.of("Matched rules at index " + i);
      }
    }
    return Optional.empty();
  }
}
