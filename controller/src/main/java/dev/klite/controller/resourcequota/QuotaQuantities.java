package dev.klite.controller.resourcequota;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Quantity arithmetic for quota usage: values are summed as exact decimals and written back in the
 * canonical form upstream's {@code resource.Quantity} prints for the format of the first addend
 * ({@code staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go} {@code CanonicalizeBytes}):
 * binary amounts with the largest exact {@code Ki..Ei} suffix, decimal ones with the largest exact
 * {@code m, "", k, M, G, T, P, E} suffix, rounding fractions below a milli up as upstream does.
 */
final class QuotaQuantities {

  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private QuotaQuantities() {}

  static BigDecimal value(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }

  /** Whether the quantity is written with a binary suffix (Ki, Mi, ...). */
  static boolean isBinary(Quantity q) {
    return q.getFormat() != null && q.getFormat().endsWith("i");
  }

  /** The canonical string of {@code value}; {@code binary} picks the suffix family. */
  static String format(BigDecimal value, boolean binary) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.signum() == 0) {
      return "0";
    }
    if (v.scale() > 0) {
      // Fractions print in milli units (rounded up), the smallest unit quotas use.
      BigDecimal millis = v.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
      if (millis.remainder(THOUSAND).signum() != 0) {
        return millis.toBigInteger() + "m";
      }
      v = millis.divide(THOUSAND);
    }
    BigInteger n = v.toBigIntegerExact();
    // Upstream prints binary amounts below 1024 in decimal form, to avoid confusion.
    if (binary && n.abs().compareTo(BigInteger.valueOf(1024)) >= 0) {
      int i = 0;
      BigInteger step = BigInteger.valueOf(1024);
      while (i < BINARY.length - 1 && n.mod(step).signum() == 0) {
        n = n.divide(step);
        i++;
      }
      return n + BINARY[i];
    }
    int i = 0;
    BigInteger step = BigInteger.valueOf(1000);
    while (i < DECIMAL.length - 1 && n.mod(step).signum() == 0) {
      n = n.divide(step);
      i++;
    }
    return n + DECIMAL[i];
  }

  static String count(long n) {
    return Long.toString(n);
  }
}
