package dev.klite.kubelet.pod;

import dev.klite.kubelet.logs.CriLogReader;
import dev.klite.kubelet.logs.LogOptions;
import io.fabric8.kubernetes.api.model.Container;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A terminated container's message, as {@code pkg/kubelet/kuberuntime/kuberuntime_container.go} getTerminationMessage
 * and readLastStringFromContainerLogs make it: the last 4096 bytes of the file bound at terminationMessagePath; when
 * that is empty (or absent) and the policy is {@code FallbackToLogsOnError} and the container failed, the tail of its
 * log (the last 80 lines, at most the last 2048 bytes). Blocking file I/O: called on a pod worker thread.
 */
final class TerminationMessage {
  static final int MAX_FILE_BYTES = 4 * 1024;
  static final int MAX_LINES = 80;
  static final int MAX_BYTES = 2048;

  private TerminationMessage() {}

  /**
   * @param messageFile the host file bound at the container's terminationMessagePath, or null when none was bound
   * @return the message, or null when there is none
   */
  static String of(Container spec, int exitCode, Path messageFile, Path logFile) {
    boolean fallback = exitCode != 0 && "FallbackToLogsOnError".equals(spec.getTerminationMessagePolicy());
    if (messageFile != null) {
      try {
        String data = tail(messageFile, MAX_FILE_BYTES);
        if (!data.isEmpty() || !fallback) {
          return data.isEmpty() ? null : data;
        }
      } catch (NoSuchFileException e) {
        // As upstream: a missing file falls back to the logs when the policy says so.
      } catch (IOException e) {
        return "Error on reading termination log " + messageFile + ": " + e.getMessage();
      }
    }
    return fallback ? fromLogs(logFile) : null;
  }

  private static String fromLogs(Path logFile) {
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
    String s = new String(all, from, all.length - from, StandardCharsets.UTF_8);
    return s.isEmpty() ? null : s;
  }

  /** The last {@code max} bytes of {@code file} (pkg/util/tail ReadAtMost). */
  private static String tail(Path file, int max) throws IOException {
    if (!file.toFile().exists()) {
      throw new NoSuchFileException(file.toString());
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - max);
      byte[] buf = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(buf);
      return new String(buf, StandardCharsets.UTF_8);
    }
  }
}
