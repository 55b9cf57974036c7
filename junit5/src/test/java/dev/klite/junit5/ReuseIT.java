package dev.klite.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code @EnableKlite(reuse = true)} shares one server among the classes of a run and stops it
 * when the run ends; classes without it get their own. Each scenario is a run of its own.
 */
class ReuseIT {
  record Seen(String testClass, URI url, String namespace) {}

  static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

  @Test
  void classesWithReuseShareOneServerAndOthersGetTheirOwn() {
    SEEN.clear();
    TestExecutionSummary summary = NestedRun.run(Map.of(), SharedA.class, SharedB.class, Own.class);
    assertThat(summary.getTestsFailedCount()).as("failures: %s", summary.getFailures()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);

    URI a = url("SharedA");
    assertThat(url("SharedB")).isEqualTo(a);
    assertThat(url("Own")).isNotEqualTo(a);
    assertThat(SEEN).extracting(Seen::namespace).doesNotHaveDuplicates();
    assertStopped(a);
    assertStopped(url("Own"));
  }

  @Test
  void reuseConfigurationParameterSharesServersWithoutTheAttribute() {
    SEEN.clear();
    TestExecutionSummary summary = NestedRun.run(Map.of(KliteExtension.REUSE_PROPERTY, "true"), Own.class, OwnToo.class);
    assertThat(summary.getTestsFailedCount()).as("failures: %s", summary.getFailures()).isZero();
    assertThat(url("Own")).isEqualTo(url("OwnToo"));
    assertStopped(url("Own"));
  }

  private static URI url(String testClass) {
    return SEEN.stream().filter(s -> s.testClass().equals(testClass)).findFirst().orElseThrow().url();
  }

  private static void assertStopped(URI url) {
    assertThatThrownBy(() -> {
      try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
        socket.getInputStream();
      }
    }).as("nothing listens on %s after the run", url).isInstanceOf(java.net.ConnectException.class);
  }

  static void record(String testClass, Klite klite) {
    assertThat(klite.client().namespaces().withName(klite.namespace()).get()).isNotNull();
    SEEN.add(new Seen(testClass, klite.url(), klite.namespace()));
  }

  @Disabled("run by ReuseIT in a launcher of its own")
  @EnableKlite(reuse = true, inMemoryStore = true)
  static class SharedA {
    @Test
    void recordsItsServer(Klite klite) {
      record("SharedA", klite);
    }
  }

  @Disabled("run by ReuseIT in a launcher of its own")
  @EnableKlite(reuse = true, inMemoryStore = true)
  static class SharedB {
    @Test
    void recordsItsServer(Klite klite) {
      record("SharedB", klite);
    }
  }

  @Disabled("run by ReuseIT in a launcher of its own")
  @EnableKlite(inMemoryStore = true)
  static class Own {
    @Test
    void recordsItsServer(Klite klite) {
      record("Own", klite);
    }
  }

  @Disabled("run by ReuseIT in a launcher of its own")
  @EnableKlite(inMemoryStore = true)
  static class OwnToo {
    @Test
    void recordsItsServer(Klite klite) {
      record("OwnToo", klite);
    }
  }
}
