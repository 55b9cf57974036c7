package dev.klite.server;

import dev.klite.apiserver.ApiServer;
import dev.klite.apiserver.ApiServerConfig;
import dev.klite.controller.ControllerManager;
import dev.klite.controller.ControllerManagerConfig;
import dev.klite.kubelet.Kubelet;
import dev.klite.kubelet.KubeletConfig;
import dev.klite.kubelet.mirror.StaticComponent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * klite all-in-one: the API server, the controllers and one kubelet in this JVM.
 *
 * <p>The controllers and the kubelet reach the API server over HTTPS with the admin credentials,
 * exactly as they would on separate machines (design.md "Modules"). Start order: API server, the
 * admin kubeconfig, then the controllers and the kubelet side by side, then {@code /readyz} turns
 * 200. Close order is kubelet, controllers, API server, so pod processes are terminated before the
 * store is closed.
 */
public final class KliteServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KliteServer.class);

  private final KliteConfig config;
  private final ApiServer apiServer;
  private final Kubeconfig kubeconfig;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final KubernetesClient client;
  private volatile boolean closed;

  private KliteServer(KliteConfig config, ApiServer apiServer, Kubeconfig kubeconfig, KubernetesClient client) {
    this.config = config;
    this.apiServer = apiServer;
    this.kubeconfig = kubeconfig;
    this.client = client;
  }

  /** Starts everything and returns once {@code /readyz} answers 200. */
  public static KliteServer start(KliteConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + config.dataDir(), e);
    }
    ComponentLogs componentLogs = ComponentLogs.start(config.dataDir().resolve("logs"));
    ApiServerConfig apiConfig = ApiServerConfig.defaults(config.dataDir())
        .withBindAddress(config.bindAddress())
        .withPort(config.port())
        .withInMemoryStore(config.inMemoryStore())
        .withServiceAccounts(config.serviceAccounts());
    ApiServer apiServer;
    try {
      apiServer = ApiServer.start(apiConfig, false);
    } catch (RuntimeException e) {
      componentLogs.close();
      throw e;
    }
    KliteServer server = null;
    try {
      Kubeconfig kubeconfig = new Kubeconfig(clientUrl(apiServer.url()), apiServer.caCertificatePem(), apiServer.adminToken());
      kubeconfig.writeTo(config.kubeconfigPath());
      KubernetesClient client = Clients.forServer(kubeconfig, "klite/embedded");
      server = new KliteServer(config, apiServer, kubeconfig, client);
      server.closeables.push(componentLogs);
      server.closeables.push(apiServer);
      server.closeables.push(client);
      KubeletConfig kubeletConfig = KubeletConfig.defaults(config.nodeName(), config.dataDir().resolve("kubelet"))
          .withAuthToken(apiServer.adminToken())
          .withCrashLoopBaseBackoff(config.crashLoopBaseBackoff())
          .withStaticComponents(staticComponents(componentLogs));
      // Neither needs the other (each only waits on the API server), and both spend their start
      // waiting on requests: start them side by side. The kubelet still closes first.
      ConcurrentStart<ControllerManager> controllers = ConcurrentStart.begin("klite-controller-manager-start",
          () -> ControllerManager.start(client, controllerConfig(config)));
      Kubelet kubelet;
      try {
        kubelet = Kubelet.start(client, kubeletConfig);
      } catch (RuntimeException | Error e) {
        controllers.closeWhenStarted();
        throw e;
      }
      try {
        server.closeables.push(controllers.join());
      } finally {
        server.closeables.push(kubelet);
      }
      apiServer.markReady();
      log.info("klite is ready at {} (node {}, data dir {})", kubeconfig.server(), config.nodeName(), config.dataDir());
      return server;
    } catch (IOException e) {
      closeQuietly(server, apiServer, componentLogs);
      throw new UncheckedIOException("cannot write kubeconfig " + config.kubeconfigPath(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(server, apiServer, componentLogs);
      throw e;
    }
  }

  /** The control-plane components whose mirror pods the kubelet keeps in kube-system, with their logs. */
  private static List<StaticComponent> staticComponents(ComponentLogs logs) {
    return logs.files().entrySet().stream().map(e -> new StaticComponent(e.getKey(), e.getValue())).toList();
  }

  /** Upstream's controller settings, but for the pod re-creation backoff klite's config names. */
  private static ControllerManagerConfig controllerConfig(KliteConfig config) {
    ControllerManagerConfig upstream = ControllerManagerConfig.defaults();
    return new ControllerManagerConfig(upstream.clock(), config.podRecreationBaseBackoff(),
        upstream.podRecreationMaxBackoff(), upstream.workers(), upstream.jobSyncBatchPeriod(), upstream.meterRegistry());
  }

  /** A wildcard bind address is not something a client can dial: use loopback in the kubeconfig. */
  private static URI clientUrl(URI url) {
    String host = url.getHost();
    if ("0.0.0.0".equals(host) || "[::]".equals(host) || "::".equals(host)) {
      return URI.create("https://127.0.0.1:" + url.getPort());
    }
    return url;
  }

  private static void closeQuietly(KliteServer server, ApiServer apiServer, ComponentLogs componentLogs) {
    try {
      if (server != null) {
        server.close();
      } else {
        apiServer.close();
        componentLogs.close();
      }
    } catch (RuntimeException suppressed) {
      log.warn("cleanup after a failed start also failed", suppressed);
    }
  }

  public KliteConfig config() {
    return config;
  }

  public Kubeconfig kubeconfig() {
    return kubeconfig;
  }

  public Path kubeconfigPath() {
    return config.kubeconfigPath();
  }

  public URI url() {
    return kubeconfig.server();
  }

  public int port() {
    return apiServer.port();
  }

  /** A fabric8 client with admin rights on this server; the caller closes it. */
  public KubernetesClient newClient() {
    return Clients.forServer(kubeconfig, "klite/client");
  }

  /** Stops the kubelet (terminating pod processes), the controllers, then the API server and store. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    RuntimeException failure = null;
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) failure = new IllegalStateException("klite did not stop cleanly", e);
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
    log.info("klite stopped");
  }
}
