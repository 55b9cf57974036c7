package dev.klite.kubelet.pod;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in submission order, on a shared executor: one pod's worker never runs concurrently. */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private final Executor delegate;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private boolean active;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (active) {
        return;
      }
      active = true;
    }
    delegate.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          active = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        log.error("pod worker task failed", e);
      }
    }
  }
}
