package dev.klite.apiserver.resources.common;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of resource quantities ({@code 500m}, {@code 1Gi}, {@code 2e3}) into exact decimals, as
 * staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go accepts them.
 */
public final class Quantities {
  private Quantities() {}

  /** The decoder's error text for a malformed quantity. */
  public static final String FORMAT_ERROR =
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  private static final Pattern SYNTAX = Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([a-zA-Z]*[-+]?[0-9]*)");
  private static final Pattern EXPONENT = Pattern.compile("[eE]([-+]?[0-9]+)");

  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  /** The value of {@code text}, or empty when it is not a quantity. */
  public static Optional<BigDecimal> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) return Optional.empty();
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    BigDecimal multiplier = SUFFIXES.get(suffix);
    if (multiplier == null) {
      Matcher e = EXPONENT.matcher(suffix);
      if (!e.matches()) return Optional.empty();
      multiplier = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(e.group(1)));
    }
    return Optional.of(number.multiply(multiplier));
  }
}
