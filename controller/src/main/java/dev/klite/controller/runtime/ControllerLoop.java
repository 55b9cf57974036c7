package dev.klite.controller.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with N workers on its own executor (the
 * {@code processNextWorkItem} loop of every upstream controller). Informer handlers only call
 * {@link #enqueue}; they never reconcile on informer threads.
 *
 * <p>Error policy (style guide C.6): 409 Conflict means our cached copy was stale, so the key is
 * queued again at once and logged at DEBUG; any other exception is logged at WARN once per attempt
 * and retried with the queue's per-key exponential backoff. Success forgets the backoff.
 */
public final class ControllerLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerLoop.class);

  private final String name;
  private final String kind;
  private final Reconciler reconciler;
  private final WorkQueue<ObjectKey> queue;
  private final int workers;
  private ExecutorService executor;

  /**
   * @param name controller name used for thread names and logs (e.g. {@code job-controller})
   * @param kind the Kubernetes kind of the keys, put into the MDC
   */
  public ControllerLoop(String name, String kind, Reconciler reconciler, WorkQueue<ObjectKey> queue, int workers) {
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.reconciler = Objects.requireNonNull(reconciler);
    this.queue = Objects.requireNonNull(queue);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1");
    }
    this.workers = workers;
  }

  public WorkQueue<ObjectKey> queue() {
    return queue;
  }

  /** Thread-safe; cheap; safe to call from informer threads. */
  public void enqueue(ObjectKey key) {
    queue.add(key);
  }

  public void enqueueAfter(ObjectKey key, Duration delay) {
    queue.addAfter(key, delay);
  }

  /** Starts the workers. Call after the informers this controller reads have synced. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, name + "-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < workers; i++) {
      executor.execute(this::runWorker);
    }
    log.info("{} started with {} workers", name, workers);
  }

  /**
   * Processes at most one key if one is ready now; returns whether it did. Lets tests drive the
   * loop step by step without threads.
   */
  public boolean processNextReady() {
    Optional<ObjectKey> key = queue.poll();
    key.ifPresent(this::process);
    return key.isPresent();
  }

  private void runWorker() {
    try {
      while (!queue.isShutdown()) {
        queue.take(Duration.ofSeconds(1)).ifPresent(this::process);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void process(ObjectKey key) {
    MDC.put("kind", kind);
    MDC.put("ns", key.namespace());
    MDC.put("name", key.name());
    try {
      Result result = reconciler.reconcile(key);
      queue.forget(key);
      result.requeueDelay().ifPresent(d -> queue.addAfter(key, d));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        log.debug("{} {}: conflict, requeue: {}", name, key, e.getMessage());
        queue.add(key);
      } else {
        log.warn("{} {}: sync failed (attempt {}): {}", name, key, queue.numRequeues(key) + 1, e.getMessage());
        queue.addRateLimited(key);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queue.add(key);
    } catch (Exception e) {
      log.warn("{} {}: sync failed (attempt {})", name, key, queue.numRequeues(key) + 1, e);
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
      MDC.remove("kind");
      MDC.remove("ns");
      MDC.remove("name");
    }
  }

  /** Stops handing out keys and waits briefly for in-flight reconciles. */
  @Override
  public synchronized void close() {
    queue.close();
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
