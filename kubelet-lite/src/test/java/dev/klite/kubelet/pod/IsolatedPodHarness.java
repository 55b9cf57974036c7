package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import dev.klite.kubelet.Leaks;
import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import dev.klite.kubelet.runtime.LogLimits;
import dev.klite.kubelet.token.FakeTokenSource;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod worker over the real local process runtime in pod namespaces, for the isolated-pod tests; only the API is faked
 * (status writes, events, ConfigMaps, Secrets, Services and service account tokens). Needs root and working {@code unshare}: each test is skipped with
 * the reason otherwise, and nothing of its pods (processes, mounts) may outlive it.
 */
@EnabledOnOs(OS.LINUX)
abstract class IsolatedPodHarness {
  private static final Logger log = LoggerFactory.getLogger(IsolatedPodHarness.class);
  static final Duration TIMEOUT = Duration.ofSeconds(45);
  static HostCapabilities host;
  @TempDir Path root;
  LocalProcessRuntime runtime;
  ExecutorService executor;
  ScheduledExecutorService scheduler;
  final FakePodApi api = new FakePodApi();
  final FakeEventRecorder events = new FakeEventRecorder();
  final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  /** The Services the pods see, by namespace (none unless a test adds them). */
  final Map<String, List<Service>> services = new ConcurrentHashMap<>();
  final FakeTokenSource tokenSource = new FakeTokenSource(Clock.systemUTC());
  PodWorkerContext ctx;

  @BeforeAll
  static void detect() {
    host = HostCapabilities.detect();
    if (!host.namespaces()) {
      log.warn("skipping isolated pod tests: {}", host.namespacesUnavailable());
    }
  }

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(host.namespaces(), () -> "pod namespaces unavailable: " + host.namespacesUnavailable());
    runtime = new LocalProcessRuntime();
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    ConfigSource config = new ConfigSource() {
      @Override
      public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.get(name));
      }

      @Override
      public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(name));
      }

      @Override
      public List<Service> services(String namespace) {
        return services.getOrDefault(namespace, List.of());
      }
    };
    ctx = new PodWorkerContext("node-a", "10.1.2.3", root, runtime, api, events, config, executor, scheduler,
        Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2), Map.of("cpu", "4", "memory", "1024Ki"),
        host, new ImageRules(List.of()), LogLimits.UNLIMITED, new TokenManager(tokenSource, Clock.systemUTC()),
        new ApiServerAddress("127.0.0.1", 6443));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (runtime == null) {
      return;
    }
    runtime.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    // Nothing of the pods survives: no process started under the test's root, no mount below it.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
      assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
    });
  }

  static PodBuilder pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .addToLabels("app", "demo").endMetadata()
        .withNewSpec().withNodeName("node-a").withRestartPolicy("Never").endSpec();
  }

  PodWorker run(Pod pod) {
    PodWorker w = new PodWorker(ctx, pod);
    w.update(pod);
    return w;
  }

  PodStatus awaitPhase(String phase) {
    await().atMost(TIMEOUT).until(() -> api.last() != null && phase.equals(api.last().getPhase()));
    return api.last();
  }

  String log(Pod pod, String container) throws IOException {
    return Files.readString(PodSandbox.logFile(PodSandbox.podDir(root, "ns", pod.getMetadata().getName(),
        pod.getMetadata().getUid()), container, 0));
  }
}
