package dev.klite.apiserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one start-up step on its own short-lived thread while the caller does another, so that
 * independent blocking steps (file I/O, key generation, native library loading) overlap. A
 * dedicated thread, not the common pool: the steps block, and the common pool may be small or
 * busy with the embedder's own work.
 */
final class StartTasks {
  private static final long TIMEOUT_SECONDS = 60;

  private StartTasks() {}

  /** Starts {@code step} on a new daemon thread named {@code name}. */
  static <T> CompletableFuture<T> begin(String name, Supplier<T> step) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(step.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  /**
   * Waits for a step; rethrows its unchecked failure as it was thrown.
   *
   * @throws IllegalStateException when interrupted or after 60 s
   */
  static <T> T join(CompletableFuture<T> task) {
    try {
      return task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("a start-up step timed out", e);
    }
  }

  /** Waits for a step that is no longer needed (after another step failed), ignoring its outcome. */
  static void awaitQuietly(CompletableFuture<?> task) {
    if (task == null) return;
    try {
      task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The caller is already failing with the first error; this one adds nothing.
    }
  }
}
