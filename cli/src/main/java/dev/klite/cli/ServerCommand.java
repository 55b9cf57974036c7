package dev.klite.cli;

import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import dev.klite.server.NodeNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code klite server}: the API server, the controllers and a kubelet in this process. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run klite: API server, controllers and a kubelet in one process. Stops cleanly on SIGTERM or Ctrl-C.")
public final class ServerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where objects, certificates, the kubeconfig and pod logs are kept (default: ~/.klite).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".klite");

  @Option(names = "--bind-address", paramLabel = "IP", description = "Address to listen on (default: ${DEFAULT-VALUE}). Anything but loopback exposes the API on the network.", defaultValue = "127.0.0.1")
  String bindAddress;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free port).", defaultValue = "6443")
  int port;

  @Option(names = "--node-name", paramLabel = "NAME", description = "Name of the node the embedded kubelet registers (default: the host name).")
  String nodeName;

  @Option(names = "--job-backoff", paramLabel = "DURATION",
      description = "First delay before a failed Job pod is re-created and before a crashed container restarts (ISO-8601 like PT1S, or seconds). Default PT10S as upstream; shorten it for CI.")
  String backoff;

  @Override
  public Integer call() throws Exception {
    KliteConfig config = KliteConfig.defaults(dataDir.toAbsolutePath())
        .withBindAddress(bindAddress)
        .withPort(port)
        .withNodeName(nodeName == null ? NodeNames.fromHost() : nodeName);
    if (backoff != null) {
      Duration d = parseDuration(backoff);
      config = config.withBackoffs(d, d);
    }
    KliteServer server = KliteServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("klite: stopping");
      try {
        server.close();
      } finally {
        stopped.countDown();
      }
    }, "klite-shutdown"));
    System.out.println("klite is running at " + server.url());
    System.out.println("export KUBECONFIG=" + server.kubeconfigPath());
    System.out.flush();
    // The main thread parks until the shutdown hook has closed everything (SIGTERM / Ctrl-C).
    stopped.await();
    return 0;
  }

  static Duration parseDuration(String text) {
    if (text.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(text));
    if (text.matches("\\d+ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    if (text.matches("\\d+s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    return Duration.parse(text);
  }
}
