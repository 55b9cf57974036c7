package dev.klite.apiserver.resources.metrics;

/**
 * The canonical strings of the two quantities the Metrics API serves, as metrics-server builds
 * them (pkg/storage/types.go resourceUsage: CPU a DecimalSI quantity at scale -9, memory a
 * BinarySI quantity of bytes) and as apimachinery's Quantity.String canonicalises them
 * (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go CanonicalizeBytes): the largest
 * suffix that keeps the number whole, so 5000000 nanocores is {@code 5m}, 1234567 is
 * {@code 1234567n}, 12648448 bytes {@code 12352Ki} and 1000 bytes (below 1Ki, printed decimal)
 * {@code 1k}.
 */
public final class UsageQuantities {
  private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private UsageQuantities() {}

  /** CPU usage in nanocores (never negative). */
  public static String cpu(long nanocores) {
    return decimal(nanocores, 0);
  }

  /** Memory in bytes (never negative). */
  public static String memory(long bytes) {
    if (bytes < 1024) {
      // Quantity.String prints a BinarySI value below 1Ki in DecimalSI (quantity.go CanonicalizeBytes).
      return decimal(bytes, 3);
    }
    long value = bytes;
    int suffix = 0;
    while (value % 1024 == 0 && suffix < BINARY.length - 1) {
      value /= 1024;
      suffix++;
    }
    return value + BINARY[suffix];
  }

  /** {@code value} × 10^(3·(start-3)) with the largest decimal suffix that keeps it whole. */
  private static String decimal(long value, int start) {
    if (value == 0) return "0";
    int suffix = start;
    while (value % 1000 == 0 && suffix < DECIMAL.length - 1) {
      value /= 1000;
      suffix++;
    }
    return value + DECIMAL[suffix];
  }
}
