package dev.klite.apiserver.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.errors.ApiException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorParserTest {
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "n", "5");

  static Stream<Arguments> labelCases() {
    return Stream.of(
        Arguments.of("", true),
        Arguments.of("app=web", true),
        Arguments.of("app==web", true),
        Arguments.of("app!=web", false),
        Arguments.of("app!=db", true),
        Arguments.of("app in (web,db)", true),
        Arguments.of("app in (db)", false),
        Arguments.of("app notin (db, cache)", true),
        Arguments.of("app notin (web)", false),
        Arguments.of("app", true),
        Arguments.of("!app", false),
        Arguments.of("!missing", true),
        Arguments.of("missing!=x", true),
        Arguments.of("app=web,tier=front", true),
        Arguments.of("app=web,tier=back", false),
        Arguments.of(" app = web , tier in ( front ) ", true),
        Arguments.of("n>4", true),
        Arguments.of("n<5", false),
        Arguments.of("app=", false),
        Arguments.of("example.com/app=web", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("labelCases")
  void labelSelectorsMatchAsUpstream(String selector, boolean matches) {
    assertThat(LabelSelector.parse(selector).matches(LABELS)).isEqualTo(matches);
  }

  static Stream<Arguments> badLabelSelectors() {
    return Stream.of(
        Arguments.of("app in web", "unable to parse requirement: found 'web', expected: '('"),
        Arguments.of("app in (web", "unable to parse requirement: found 'end of string', expected: ',', ')'"),
        Arguments.of("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"),
        Arguments.of("=web", "unable to parse requirement: found '=', expected: identifier"),
        Arguments.of("n>x", "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLabelSelectors")
  void badLabelSyntaxIs400(String selector, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  static Stream<Arguments> fieldCases() {
    return Stream.of(
        Arguments.of("metadata.name=a", Map.of("metadata.name", "a"), true),
        Arguments.of("metadata.name==a", Map.of("metadata.name", "a"), true),
        Arguments.of("metadata.name!=a", Map.of("metadata.name", "a"), false),
        Arguments.of("involvedObject.namespace=", Map.of("involvedObject.namespace", ""), true),
        Arguments.of("spec.nodeName=n,status.phase!=Succeeded,status.phase!=Failed",
            Map.of("spec.nodeName", "n", "status.phase", "Running"), true),
        Arguments.of("spec.nodeName=n,status.phase!=Succeeded", Map.of("spec.nodeName", "n", "status.phase",
            "Succeeded"), false),
        Arguments.of("a=x\\,y", Map.of("a", "x,y"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldCases")
  void fieldSelectorsMatchExactValues(String selector, Map<String, String> values, boolean matches) {
    assertThat(FieldSelector.parse(selector).matches(f -> values.getOrDefault(f, ""))).isEqualTo(matches);
  }

  @Test
  void unknownFieldsAndTermsWithoutOperatorAre400() {
    assertThatThrownBy(() -> FieldSelector.parse("status.foo=1").validate(Set.of("metadata.name")))
        .hasMessage("field label not supported: status.foo");
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name"))
        .hasMessage("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  }
}
