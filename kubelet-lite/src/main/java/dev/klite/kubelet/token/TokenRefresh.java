package dev.klite.kubelet.token;

import java.time.Duration;
import java.time.Instant;

/**
 * When a cached token must be requested again ({@code pkg/kubelet/token/token_manager.go} requiresRefresh): once it is
 * older than 80% of its lifetime or older than 24 hours (each moved earlier by a jitter of up to 10 s, so that the
 * pods of a node do not all ask at once), or when the clock went back before the token was issued. Pure.
 */
final class TokenRefresh {
  static final Duration MAX_TTL = Duration.ofHours(24);
  static final Duration MAX_JITTER = Duration.ofSeconds(10);

  private TokenRefresh() {}

  /**
   * @param expiration the token's {@code status.expirationTimestamp}
   * @param expirationSeconds the token's lifetime ({@code spec.expirationSeconds}); null: never refreshed, as upstream
   * @param jitter how much earlier than the limits to refresh, within [0, {@link #MAX_JITTER})
   */
  static boolean requiresRefresh(Instant expiration, Long expirationSeconds, Instant now, Duration jitter) {
    if (expirationSeconds == null) {
      return false;
    }
    Instant issued = expiration.minusSeconds(expirationSeconds);
    if (now.isAfter(issued.plus(MAX_TTL).minus(jitter))) {
      return true;
    }
    // Within the last 20% of the lifetime (whole seconds, as upstream's integer arithmetic).
    if (now.isAfter(expiration.minusSeconds(expirationSeconds * 20 / 100).minus(jitter))) {
      return true;
    }
    return now.isBefore(issued);
  }

  /** Upstream's jitter: a random fraction of {@link #MAX_JITTER}, truncated to whole seconds. */
  static Duration jitter(double random) {
    return Duration.ofSeconds((long) (random * MAX_JITTER.toSeconds()));
  }
}
