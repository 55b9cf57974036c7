package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SuccessPolicyEvaluatorTest {

  static SuccessPolicyRule rule(String indexes, Integer count) {
    SuccessPolicyRule r = new SuccessPolicyRule();
    r.setSucceededIndexes(indexes);
    r.setSucceededCount(count);
    return r;
  }

  static SuccessPolicy policy(SuccessPolicyRule... rules) {
    return new SuccessPolicyBuilder().withRules(Arrays.asList(rules)).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("no policy", null, List.of(0, 1), Optional.empty()),
        Arguments.of("nothing succeeded yet", policy(rule(null, 0)), List.of(), Optional.empty()),
        Arguments.of("all listed indexes succeeded", policy(rule("0,2-3", null)), List.of(0, 2, 3),
            Optional.of("Matched rules at index 0")),
        Arguments.of("a listed index is missing", policy(rule("0,2-3", null)), List.of(0, 2, 4), Optional.empty()),
        Arguments.of("count alone", policy(rule(null, 2)), List.of(3, 4), Optional.of("Matched rules at index 0")),
        Arguments.of("count alone not reached", policy(rule(null, 3)), List.of(3, 4), Optional.empty()),
        Arguments.of("count among the listed indexes", policy(rule("0-4", 2)), List.of(1, 7, 9), Optional.empty()),
        Arguments.of("count among the listed indexes reached", policy(rule("0-4", 2)), List.of(1, 4, 9),
            Optional.of("Matched rules at index 0")),
        Arguments.of("second rule matches", policy(rule("0", null), rule(null, 1)), List.of(5),
            Optional.of("Matched rules at index 1")),
        Arguments.of("listed indexes beyond completions are ignored", policy(rule("8-20", null)), List.of(8, 9),
            Optional.of("Matched rules at index 0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(String name, SuccessPolicy policy, List<Integer> succeeded, Optional<String> expected) {
    assertThat(SuccessPolicyEvaluator.match(policy, 10, new TreeSet<>(succeeded))).isEqualTo(expected);
  }
}
