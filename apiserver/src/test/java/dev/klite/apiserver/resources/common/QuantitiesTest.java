package dev.klite.apiserver.resources.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {
  @ParameterizedTest
  @CsvSource({"1, 1", "500m, 0.5", "1.5, 1.5", "1Ki, 1024", "2Gi, 2147483648", "1e3, 1000", "1k, 1000",
      "100M, 100000000", "-1, -1", "0.1m, 0.0001", "1E2, 100"})
  void parsesQuantities(String text, String expected) {
    assertThat(Quantities.parse(text)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal(expected)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Gi", "1Gix", "one", "1 Gi", "1.2.3"})
  void rejectsMalformed(String text) {
    assertThat(Quantities.parse(text)).isEmpty();
  }
}
