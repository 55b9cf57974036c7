package dev.klite.kubelet.pod;

import dev.klite.kubelet.isolation.PodNamespaces;
import dev.klite.kubelet.grpc.GrpcHealthProber;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs one probe action once ({@code pkg/probe/exec}, {@code pkg/probe/http}, {@code pkg/probe/tcp},
 * {@code pkg/probe/grpc}, v1.32 messages):
 * exec in the container's namespaces with its environment, success on exit 0, output (at most 10 KiB) as the failure
 * message, {@code command "..." timed out} after timeoutSeconds; httpGet succeeds on 200-399 (HTTPS without
 * verification, as upstream), else {@code HTTP probe failed with statuscode: N}; tcpSocket succeeds on connect; grpc
 * succeeds when the health service answers SERVING ({@link GrpcHealthProber}). Blocks
 * up to the probe's timeout: run on a probe thread.
 */
final class ProbeCheck {
  private static final int MAX_OUTPUT = 10 * 1024;

  /** The outcome; {@code output} is the failure message for the Unhealthy event. */
  record Result(boolean success, String output) {}

  /**
   * Where the container runs.
   *
   * @param namespacePid pid whose namespaces exec probes enter, or 0 to run them as plain host processes
   * @param env the container's environment
   * @param podIP default host of httpGet and tcpSocket probes, and the host of gRPC probes
   * @param grpc the gRPC probe client, or null when none is wired
   */
  record Target(Container container, long namespacePid, Map<String, String> env, String podIP,
      List<String> userArgv, GrpcHealthProber grpc) {
    Target(Container container, long namespacePid, Map<String, String> env, String podIP) {
      this(container, namespacePid, env, podIP, List.of());
    }

    Target(Container container, long namespacePid, Map<String, String> env, String podIP, List<String> userArgv) {
      this(container, namespacePid, env, podIP, userArgv, null);
    }
  }

  /**
   * What a command run in the container did.
   *
   * @param exitCode its exit code, or -1 when it could not be run or timed out
   * @param output stdout and stderr, at most 10 KiB
   * @param error why it could not be run or finish, else null
   */
  record ExecResult(int exitCode, String output, String error) {}

  private ProbeCheck() {}

  static Result run(Probe probe, Target target) {
    Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null ? 1 : Math.max(1, probe.getTimeoutSeconds()));
    if (probe.getExec() != null) {
      return exec(probe.getExec().getCommand(), target, timeout);
    }
    if (probe.getHttpGet() != null) {
      return http(probe.getHttpGet(), target, timeout);
    }
    if (probe.getTcpSocket() != null) {
      String host = blankTo(probe.getTcpSocket().getHost(), target.podIP());
      int port = port(probe.getTcpSocket().getPort(), target.container());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        return new Result(true, "");
      } catch (IOException e) {
        return new Result(false, "dial tcp " + host + ":" + port + ": " + dialError(e));
      }
    }
    if (probe.getGrpc() != null) {
      return grpc(probe.getGrpc(), target, timeout);
    }
    // No handler: the API server rejects such probes; pass rather than kill a container over it.
    return new Result(true, "");
  }

  /**
   * pkg/kubelet/prober/prober.go: a gRPC probe always goes to the pod IP (GRPCAction has no host) and asks for
   * {@code service}, "" when unset.
   */
  private static Result grpc(GRPCAction action, Target target, Duration timeout) {
    if (target.grpc() == null) {
      return new Result(false, "gRPC probes are not available in this kubelet");
    }
    int port = action.getPort() == null ? 0 : action.getPort();
    GrpcHealthProber.Result r = target.grpc().probeBlocking(target.podIP(), port,
        action.getService() == null ? "" : action.getService(), timeout);
    return new Result(r.success(), r.success() ? "" : r.output());
  }

  private static Result exec(List<String> command, Target target, Duration timeout) {
    ExecResult r = execute(command, target, timeout);
    if (r.error() != null) {
      return new Result(false, r.error());
    }
    return new Result(r.exitCode() == 0, r.output());
  }

  /**
   * Runs {@code command} in the container's namespaces, as its user, with its environment; {@code timeout} null for
   * none (lifecycle hooks). Blocks.
   */
  static ExecResult execute(List<String> command, Target target, Duration timeout) {
    List<String> argv = new ArrayList<>();
    if (target.namespacePid() != 0) {
      argv.addAll(PodNamespaces.execArgv(target.namespacePid()));
    }
    argv.addAll(target.userArgv());
    argv.addAll(command);
    java.nio.file.Path out;
    try {
      // Output goes to a file, not a pipe: a chatty probe must not block on a full pipe until it times out.
      out = java.nio.file.Files.createTempFile("klite-probe", ".out");
    } catch (IOException e) {
      return new ExecResult(-1, "", e.getMessage());
    }
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
      pb.environment().clear();
      pb.environment().putAll(target.env());
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      boolean done;
      try {
        if (timeout == null) {
          p.waitFor();
          done = true;
        } else {
          done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new ExecResult(-1, "", "interrupted");
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new ExecResult(-1, "", "command \"" + String.join(" ", command) + "\" timed out");
      }
      byte[] bytes;
      try (InputStream in = java.nio.file.Files.newInputStream(out)) {
        bytes = in.readNBytes(MAX_OUTPUT);
      }
      return new ExecResult(p.exitValue(), new String(bytes, StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      return new ExecResult(-1, "", e.getMessage());
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(out);
      } catch (IOException e) {
        // The result stands; remove the file later.
        out.toFile().deleteOnExit();
      }
    }
  }

  private static Result http(HTTPGetAction get, Target target, Duration timeout) {
    String scheme = "HTTPS".equalsIgnoreCase(get.getScheme()) ? "https" : "http";
    String host = blankTo(get.getHost(), target.podIP());
    int port = port(get.getPort(), target.container());
    String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
    String url = scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + (path.startsWith("/") ? path : "/" + path);
    try {
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
      if (scheme.equals("https")) {
        b.sslContext(trustAll());
      }
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
          .header("User-Agent", "kube-probe/1.32").header("Accept", "*/*");
      for (HTTPHeader h : get.getHttpHeaders()) {
        req.setHeader(h.getName(), h.getValue());
      }
      HttpResponse<byte[]> resp = b.build().send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      int code = resp.statusCode();
      if (code >= 200 && code < 400) {
        return new Result(true, "");
      }
      return new Result(false, "HTTP probe failed with statuscode: " + code);
    } catch (java.net.http.HttpTimeoutException e) {
      return new Result(false, "Get \"" + url + "\": context deadline exceeded (Client.Timeout exceeded while "
          + "awaiting headers)");
    } catch (IOException e) {
      return new Result(false, "Get \"" + url + "\": dial tcp " + host + ":" + port + ": " + dialError(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    } catch (IllegalArgumentException e) {
      return new Result(false, e.getMessage());
    }
  }

  static HttpClient insecureClient(Duration timeout, boolean https) throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL);
    if (https) {
      b.sslContext(trustAll());
    }
    return b.build();
  }

  /** A numeric port or a named container port; -1 when the name is unknown. */
  static int port(IntOrString port, Container c) {
    if (port == null) {
      return -1;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    for (ContainerPort p : c.getPorts()) {
      if (name.equals(p.getName())) {
        return p.getContainerPort();
      }
    }
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String dialError(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (e instanceof java.net.ConnectException || m.contains("refused")) {
      return "connect: connection refused";
    }
    if (e instanceof java.net.SocketTimeoutException || m.contains("timed out")) {
      return "i/o timeout";
    }
    return e.getMessage();
  }

  private static String blankTo(String s, String fallback) {
    return s == null || s.isEmpty() ? fallback : s;
  }

  private static SSLContext trustAll() throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
          // Probes do not verify certificates (pkg/probe/http: InsecureSkipVerify).
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
          // Probes do not verify certificates (pkg/probe/http: InsecureSkipVerify).
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }
}
