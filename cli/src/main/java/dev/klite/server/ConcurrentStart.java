package dev.klite.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component started on its own thread while the caller starts another, so that two blocking
 * starts overlap. The component's own start bounds how long it may take (the controller manager
 * gives up after 60 s), so joining waits without a timeout of its own.
 *
 * @param <T> the started component; closed if nobody takes it (see {@link #closeWhenStarted()})
 */
final class ConcurrentStart<T extends AutoCloseable> {
  private static final Logger log = LoggerFactory.getLogger(ConcurrentStart.class);

  private final CompletableFuture<T> started = new CompletableFuture<>();

  private ConcurrentStart() {}

  /** Runs {@code start} on a new daemon thread named {@code threadName}. */
  static <T extends AutoCloseable> ConcurrentStart<T> begin(String threadName, Supplier<T> start) {
    ConcurrentStart<T> task = new ConcurrentStart<>();
    Thread thread = new Thread(() -> {
      try {
        task.started.complete(start.get());
      } catch (RuntimeException | Error e) {
        task.started.completeExceptionally(e);
      }
    }, threadName);
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /** Waits for the start; rethrows its failure as thrown (an {@link IllegalStateException} if interrupted). */
  T join() {
    try {
      return started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeWhenStarted();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    }
  }

  /**
   * For when the caller's own start failed: the component is no longer wanted. Waits for its start
   * to end, so nothing is left running when the caller tears down what the component talks to,
   * and closes it; a failed start has nothing to close.
   */
  void closeWhenStarted() {
    T component;
    try {
      component = started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.thenAccept(ConcurrentStart::closeQuietly);
      return;
    } catch (ExecutionException e) {
      return;
    }
    closeQuietly(component);
  }

  private static void closeQuietly(AutoCloseable component) {
    try {
      component.close();
    } catch (Exception e) {
      log.warn("closing a component whose start was abandoned failed", e);
    }
  }
}
