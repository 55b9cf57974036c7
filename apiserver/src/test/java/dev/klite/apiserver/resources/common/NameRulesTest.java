package dev.klite.apiserver.resources.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "abc-123", "0a", "a.b.c", "x-1.y-2"})
  void validSubdomains(String name) {
    assertThat(NameRules.dns1123Subdomain(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "-a", "a-", "a_b", "a..b", ""})
  void invalidSubdomains(String name) {
    assertThat(NameRules.dns1123Subdomain(name)).singleElement().satisfies(m -> assertThat(m)
        .startsWith("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a.b|must not contain dots",
      "Ab|a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
          + "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
          + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"})
  void labelMessages(String name, String message) {
    assertThat(NameRules.dns1123Label(name)).containsExactly(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "app|",
      "example.com/app|",
      "/app|prefix part must be non-empty",
      "a/b/c|a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
          + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
          + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
          + "'example.com/MyName')",
      "Example.com/app|prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
          + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
          + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"})
  void labelKeys(String key, String message) {
    if (message == null) assertThat(NameRules.qualifiedName(key)).isEmpty();
    else assertThat(NameRules.qualifiedName(key)).containsExactly(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v", "my_value", "1.2-3"})
  void validLabelValues(String value) {
    assertThat(NameRules.labelValue(value)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-v", "v_", "a b"})
  void invalidLabelValues(String value) {
    assertThat(NameRules.labelValue(value)).singleElement().satisfies(m -> assertThat(m)
        .startsWith("a valid label must be an empty string or consist of alphanumeric characters"));
  }
}
