package dev.klite.kubelet.runtime;

/**
 * Container log rotation, as the kubelet's {@code containerLogMaxSize} / {@code containerLogMaxFiles}
 * ({@code pkg/kubelet/logs/container_log_manager.go}): when the live file reaches {@code maxBytes} it is renamed to
 * {@code <file>.<n>} and a new one is started; at most {@code maxFiles} files (the live one included) are kept.
 *
 * @param maxBytes size cap of one file; {@link Long#MAX_VALUE} for none
 * @param maxFiles files kept per container instance, at least 2 when rotating
 */
public record LogLimits(long maxBytes, int maxFiles) {
  public static final LogLimits UNLIMITED = new LogLimits(Long.MAX_VALUE, 1);

  public LogLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (maxFiles < 1 || (maxBytes != Long.MAX_VALUE && maxFiles < 2)) {
      throw new IllegalArgumentException("maxFiles must be at least 2 when rotating");
    }
  }
}
