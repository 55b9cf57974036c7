package dev.klite.apiserver.quota;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Canonical quantity strings for quota usage, as upstream's {@code resource.Quantity} prints
 * them: binary amounts of 1024 or more with the largest exact Ki..Ei suffix, others with the
 * largest exact decimal suffix, fractions in milli units (rounded up).
 */
final class QuotaFormat {

  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private QuotaFormat() {}

  static boolean isBinary(String quantity) {
    return quantity != null && quantity.matches(".*[KMGTPE]i");
  }

  static String format(BigDecimal value, boolean binary) {
    BigDecimal v = value.stripTrailingZeros();
    if (v.signum() == 0) {
      return "0";
    }
    if (v.scale() > 0) {
      BigDecimal millis = v.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
      if (millis.remainder(THOUSAND).signum() != 0) {
        return millis.toBigInteger() + "m";
      }
      v = millis.divide(THOUSAND);
    }
    BigInteger n = v.toBigIntegerExact();
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
}
