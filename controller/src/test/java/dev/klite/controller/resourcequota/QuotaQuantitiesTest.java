package dev.klite.controller.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical printing as upstream's resource.Quantity String() for the sums quotas produce. */
class QuotaQuantitiesTest {

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource({
      "100m, 400m, 500m",
      "500m, 500m, 1",
      "1, 2, 3",
      "1500m, 0, 1500m",
      "64Mi, 64Mi, 128Mi",
      "1Gi, 512Mi, 1536Mi",
      "1Gi, 1Gi, 2Gi",
      "500, 500, 1k",
      "1M, 1M, 2M",
      "100Mi, 100M, 204857600",
      "512, 256, 768",
      "0, 0, 0",
  })
  void sumsPrintCanonically(String a, String b, String expected) {
    Quantity qa = new Quantity(a);
    BigDecimal sum = QuotaQuantities.value(qa).add(QuotaQuantities.value(new Quantity(b)));
    assertThat(QuotaQuantities.format(sum, QuotaQuantities.isBinary(qa))).isEqualTo(expected);
  }
}
