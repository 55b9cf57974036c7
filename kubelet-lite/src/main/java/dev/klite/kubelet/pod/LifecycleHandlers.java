package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one postStart or preStop handler once ({@code pkg/kubelet/lifecycle/handlers.go} HandlerRunner, v1.32): exec
 * in the container's namespaces as its user (failure: a non-zero exit), httpGet to the pod IP by default (any HTTP
 * answer succeeds, only a request that cannot be made fails; HTTPS is not verified), sleep for the given seconds.
 * The failure message is upstream's, for the FailedPostStartHook/FailedPreStopHook events. Blocks: run on a hook
 * thread, never on a pod worker's serial executor.
 */
final class LifecycleHandlers {
  /** @param error the event message when the handler failed, else null */
  record Outcome(String error) {
    boolean success() {
      return error == null;
    }
  }

  private LifecycleHandlers() {}

  /**
   * @param timeout how long an exec or httpGet handler may take (the preStop hook's grace period), null for no limit
   */
  static Outcome run(LifecycleHandler handler, ProbeCheck.Target target, Pod pod, Duration timeout) {
    String container = target.container().getName();
    if (handler.getExec() != null) {
      List<String> command = handler.getExec().getCommand();
      ProbeCheck.ExecResult r = ProbeCheck.execute(command, target, timeout);
      if (r.error() == null && r.exitCode() == 0) {
        return new Outcome(null);
      }
      String err = r.error() != null ? r.error()
          : "command '" + String.join(" ", command) + "' exited with " + r.exitCode() + ": " + r.output();
      return new Outcome("Exec lifecycle hook (" + goSlice(command) + ") for Container \"" + container + "\" in Pod \""
          + podRef(pod) + "\" failed - error: " + err + ", message: \"" + goQuote(r.output()) + "\"");
    }
    if (handler.getHttpGet() != null) {
      String err = http(handler.getHttpGet(), target, timeout == null ? Duration.ofMinutes(10) : timeout);
      return err == null ? new Outcome(null) : new Outcome("HTTP lifecycle hook (" + handler.getHttpGet().getPath()
          + ") for Container \"" + container + "\" in Pod \"" + podRef(pod) + "\" failed - error: " + err);
    }
    if (handler.getSleep() != null && handler.getSleep().getSeconds() != null) {
      long seconds = Math.max(0, handler.getSleep().getSeconds());
      long millis = timeout == null ? TimeUnit.SECONDS.toMillis(seconds)
          : Math.min(TimeUnit.SECONDS.toMillis(seconds), timeout.toMillis());
      try {
        // The handler itself is a pause of the hook thread (sleep action, pkg/kubelet/lifecycle runSleepHandler).
        TimeUnit.MILLISECONDS.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Outcome(null);
    }
    return new Outcome("Cannot run handler: invalid handler: " + handler);
  }

  /** The request error, or null when any response came back. */
  private static String http(HTTPGetAction get, ProbeCheck.Target target, Duration timeout) {
    boolean https = "HTTPS".equalsIgnoreCase(get.getScheme());
    String host = get.getHost() == null || get.getHost().isEmpty() ? target.podIP() : get.getHost();
    int port = get.getPort() == null || (get.getPort().getStrVal() != null && get.getPort().getStrVal().isEmpty())
        ? 80 : ProbeCheck.port(get.getPort(), target.container());
    if (port < 0) {
      return "couldn't find port: " + get.getPort().getStrVal() + " in container " + target.container().getName();
    }
    String path = get.getPath() == null ? "" : get.getPath();
    String url = (https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + (path.startsWith("/") ? path : "/" + path);
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
          .header("User-Agent", "kube-lifecycle/1.32").header("Accept", "*/*");
      for (HTTPHeader h : get.getHttpHeaders()) {
        req.setHeader(h.getName(), h.getValue());
      }
      ProbeCheck.insecureClient(timeout, https).send(req.build(), HttpResponse.BodyHandlers.discarding());
      return null;
    } catch (IOException e) {
      return "Get \"" + url + "\": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Go's %v of a string slice: {@code [sh -c echo hi]}. */
  private static String goSlice(List<String> items) {
    return "[" + String.join(" ", items) + "]";
  }

  /** Go's %q body: backslash, quote and control characters escaped. */
  static String goQuote(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code pkg/kubelet/util/format} Pod: {@code name_namespace(uid)}. */
  static String podRef(Pod pod) {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid()
        + ")";
  }
}
