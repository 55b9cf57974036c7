package dev.klite.cli;

import dev.klite.apiserver.serviceaccount.ServiceAccountOptions;
import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import dev.klite.server.NodeNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
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

  @Option(names = "--disable-admission-plugins", paramLabel = "NAMES", split = ",",
      description = "Admission plugins to turn off, as kube-apiserver's flag. klite can switch off: ServiceAccount.")
  List<String> disabledAdmissionPlugins = List.of();

  @Option(names = "--service-account-issuer", paramLabel = "URL", defaultValue = ServiceAccountOptions.DEFAULT_ISSUER,
      description = "Issuer (iss) of service-account tokens and of /.well-known/openid-configuration (default: ${DEFAULT-VALUE}).")
  String serviceAccountIssuer;

  @Option(names = "--service-account-extend-token-expiration", paramLabel = "BOOL", arity = "1", defaultValue = "true",
      description = "Let the kubelet's pod-bound tokens (requested for 3607 s) last a year with a warnafter claim, as kube-apiserver (default: ${DEFAULT-VALUE}).")
  boolean extendTokenExpiration;

  @Override
  public Integer call() throws Exception {
    KliteConfig config = KliteConfig.defaults(dataDir.toAbsolutePath())
        .withBindAddress(bindAddress)
        .withPort(port)
        .withNodeName(nodeName == null ? NodeNames.fromHost() : nodeName);
    config = config.withServiceAccounts(serviceAccountOptions());
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

  ServiceAccountOptions serviceAccountOptions() {
    boolean admission = true;
    for (String plugin : disabledAdmissionPlugins) {
      String name = plugin.trim();
      if (name.equals("ServiceAccount")) {
        admission = false;
      } else if (!name.isEmpty()) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--disable-admission-plugins: klite cannot switch off admission plugin \"" + name + "\" (only ServiceAccount)");
      }
    }
    return ServiceAccountOptions.defaults().withIssuer(serviceAccountIssuer)
        .withExtendTokenExpiration(extendTokenExpiration).withAdmission(admission);
  }

  static Duration parseDuration(String text) {
    if (text.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(text));
    if (text.matches("\\d+ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    if (text.matches("\\d+s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    return Duration.parse(text);
  }
}
