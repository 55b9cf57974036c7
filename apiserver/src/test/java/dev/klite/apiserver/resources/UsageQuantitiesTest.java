package dev.klite.apiserver.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.resources.metrics.UsageQuantities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical quantity strings as apimachinery's Quantity.String prints metrics-server's values. */
class UsageQuantitiesTest {
  @ParameterizedTest(name = "{0} nanocores -> {1}")
  @CsvSource({"0, 0", "1, 1n", "1234567, 1234567n", "1234000, 1234u", "5000000, 5m", "1500000000, 1500m",
      "2000000000, 2"})
  void cpuIsDecimalFromNanocores(long nanocores, String expected) {
    assertThat(UsageQuantities.cpu(nanocores)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @CsvSource({"0, 0", "512, 512", "1000, 1k", "1024, 1Ki", "12345, 12345", "12648448, 12352Ki",
      "2147483648, 2Gi", "1536, 1536"})
  void memoryIsBinaryFromBytes(long bytes, String expected) {
    assertThat(UsageQuantities.memory(bytes)).isEqualTo(expected);
  }
}
