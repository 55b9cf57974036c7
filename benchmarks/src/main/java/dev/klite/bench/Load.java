package dev.klite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs {@code total} POSTs from {@code clients} threads, each sending one request at a time (a
 * closed loop, like {@code clients} controllers or kubectl invocations), and records every
 * request's latency.
 */
final class Load {
  private Load() {}

  /** What one request sends. */
  record Post(String path, String json) {}

  /** Throughput over the whole run, and each request's latency in milliseconds. */
  record Result(double perSecond, List<Double> latenciesMs, int completed) {}

  static Result run(Api api, int clients, int total, IntFunction<Post> request) {
    return run(api, clients, total, Long.MAX_VALUE, request);
  }

  /** Like {@link #run(Api, int, int, IntFunction)}, but no request is started after {@code maxMillis}. */
  static Result run(Api api, int clients, int total, long maxMillis, IntFunction<Post> request) {
    long deadline = maxMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + maxMillis * 1_000_000;
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          for (int i = next.getAndIncrement(); i < total && failure.get() == null && System.nanoTime() < deadline;
              i = next.getAndIncrement()) {
            Post p = request.apply(i);
            long t0 = System.nanoTime();
            api.create(p.path(), p.json());
            latencies.add((System.nanoTime() - t0) / 1e6);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-client-" + c);
      threads.add(t);
      t.start();
    }
    long t0 = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failure.get() != null) throw failure.get();
    List<Double> done = new ArrayList<>(latencies);
    return new Result(done.size() / seconds, done, done.size());
  }

  /** {@code total} ConfigMaps named {@code prefix-i} in {@code ns}. */
  static Result configMaps(Api api, String ns, String prefix, int clients, int total, int payloadBytes) {
    return configMaps(api, ns, prefix, clients, total, Long.MAX_VALUE, payloadBytes);
  }

  static Result configMaps(Api api, String ns, String prefix, int clients, int total, long maxMillis, int payloadBytes) {
    return run(api, clients, total, maxMillis, i -> new Post("/api/v1/namespaces/" + ns + "/configmaps",
        Api.configMap(prefix + "-" + i, payloadBytes)));
  }
}
