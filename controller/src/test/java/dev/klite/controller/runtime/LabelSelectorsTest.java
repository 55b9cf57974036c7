package dev.klite.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {

  static Stream<Arguments> cases() {
    Map<String, String> labels = Map.of("app", "web", "tier", "front");
    return Stream.of(
        Arguments.of("null selector matches nothing", null, labels, false),
        Arguments.of("empty selector matches everything", new LabelSelector(), labels, true),
        Arguments.of("matchLabels equal", new LabelSelectorBuilder().addToMatchLabels("app", "web").build(), labels, true),
        Arguments.of("matchLabels differ", new LabelSelectorBuilder().addToMatchLabels("app", "db").build(), labels, false),
        Arguments.of("In", expr("tier", "In", "front", "back"), labels, true),
        Arguments.of("NotIn", expr("tier", "NotIn", "front"), labels, false),
        Arguments.of("NotIn with missing key", expr("zone", "NotIn", "a"), labels, true),
        Arguments.of("Exists", expr("app", "Exists"), labels, true),
        Arguments.of("DoesNotExist", expr("app", "DoesNotExist"), labels, false));
  }

  private static LabelSelector expr(String key, String op, String... values) {
    return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(op).withValues(values)
        .endMatchExpression().build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesLikeUpstream(String name, LabelSelector selector, Map<String, String> labels, boolean expected) {
    assertThat(LabelSelectors.matches(selector, labels)).isEqualTo(expected);
  }
}
