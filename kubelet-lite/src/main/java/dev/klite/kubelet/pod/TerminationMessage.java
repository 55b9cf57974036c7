package dev.klite.kubelet.pod;

import dev.klite.kubelet.logs.CriLogReader;
import dev.klite.kubelet.logs.LogOptions;
import io.fabric8.kubernetes.api.model.Container;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * terminationMessagePolicy {@code FallbackToLogsOnError}: a failed container's termination message is the tail of
 * its log ({@code pkg/kubelet/kuberuntime/kuberuntime_container.go} readLastStringFromContainerLogs: the last 80
 * lines, at most the last 2048 bytes). The termination-log file itself cannot be offered without a mount namespace.
 * Blocking file I/O: called on a pod worker thread.
 */
final class TerminationMessage {
  static final int MAX_LINES = 80;
  static final int MAX_BYTES = 2048;

  private TerminationMessage() {}

  /** The message for a container that exited with {@code exitCode}, or null when there is none. */
  static String fromLogs(Container spec, int exitCode, Path logFile) {
    if (exitCode == 0 || !"FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy())) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      CriLogReader.copy(logFile, new LogOptions(false, false, MAX_LINES, null, false, -1), data -> {
        out.write(data);
        return true;
      }, CompletableFuture.completedFuture(null));
    } catch (IOException e) {
      return "Error on reading termination message from logs: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    byte[] all = out.toByteArray();
    int from = Math.max(0, all.length - MAX_BYTES);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }
}
