package dev.klite.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;

/**
 * The peer: fabric8's {@code kubernetes-server-mock} in CRUD mode over HTTPS on a free loopback
 * port. It keeps every object in memory and nothing on disk, runs no controllers and no pods.
 *
 * <p>As a child process ({@link #main}) it prints {@code peer is running at URL} once it listens,
 * writes a kubeconfig for kubectl, and runs until its standard input closes or it is killed.
 */
public final class PeerServerMain {
  private PeerServerMain() {}

  /** Starts the mock server in this JVM; the caller destroys it. */
  public static KubernetesMockServer startInProcess() {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  /** The endpoint of a peer on {@code base}; it needs no token, and its certificate is self-signed. */
  static Endpoint endpoint(URI base, Path kubeconfig) {
    return new Endpoint("peer", base, "", Optional.empty(), kubeconfig);
  }

  static URI baseOf(KubernetesMockServer server) {
    return URI.create("https://127.0.0.1:" + server.getPort());
  }

  /** args[0]: where to write the kubeconfig. */
  public static void main(String[] args) throws IOException {
    KubernetesMockServer server = startInProcess();
    URI base = baseOf(server);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), """
          apiVersion: v1
          kind: Config
          clusters:
          - name: peer
            cluster:
              server: %s
              insecure-skip-tls-verify: true
          users:
          - name: peer
            user:
              token: unused
          contexts:
          - name: peer
            context: {cluster: peer, user: peer, namespace: default}
          current-context: peer
          """.formatted(base), StandardCharsets.UTF_8);
    }
    System.out.println("peer is running at " + base);
    System.out.flush();
    // Park until the harness closes our stdin or kills us.
    while (System.in.read() >= 0) {
      // discard
    }
    server.destroy();
  }
}
