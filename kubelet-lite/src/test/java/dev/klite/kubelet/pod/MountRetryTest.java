package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountRetryTest {

  @Test
  void doublesFromHalfASecondUpToTwoMinutesTwoSeconds() {
    MountRetry retry = new MountRetry();
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      delays.add(retry.failed());
    }
    assertThat(delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32),
        Duration.ofSeconds(64), Duration.ofSeconds(122), Duration.ofSeconds(122), Duration.ofSeconds(122));
  }

  @Test
  void startsOverAfterASuccessfulSetUp() {
    MountRetry retry = new MountRetry();
    retry.failed();
    retry.failed();
    retry.succeeded();
    assertThat(retry.failed()).isEqualTo(Duration.ofMillis(500));
  }
}
