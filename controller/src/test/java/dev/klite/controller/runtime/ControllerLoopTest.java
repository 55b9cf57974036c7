package dev.klite.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class ControllerLoopTest {

  private final WorkQueueTest.ManualClock clock = new WorkQueueTest.ManualClock();
  private final WorkQueue<ObjectKey> queue = new WorkQueue<>(clock, Duration.ofSeconds(1), Duration.ofMinutes(1));
  private final Deque<Object> outcomes = new ArrayDeque<>();
  private final ControllerLoop loop = new ControllerLoop("test", "Job", key -> {
    Object next = outcomes.poll();
    if (next instanceof Exception e) {
      throw e;
    }
    return next == null ? Result.done() : (Result) next;
  }, queue, 1);
  private final ObjectKey key = new ObjectKey("ns", "a");

  @Test
  void conflictIsRetriedAtOnceWithoutBackoff() {
    outcomes.add(new KubernetesClientException("conflict", 409, null));
    loop.enqueue(key);
    assertThat(loop.processNextReady()).isTrue();
    assertThat(queue.numRequeues(key)).isZero();
    assertThat(loop.processNextReady()).as("requeued immediately").isTrue();
  }

  @Test
  void otherErrorsAreRetriedWithBackoffAndForgottenOnSuccess() {
    outcomes.add(new IllegalStateException("boom"));
    loop.enqueue(key);
    loop.processNextReady();
    assertThat(queue.numRequeues(key)).isEqualTo(1);
    assertThat(loop.processNextReady()).as("not before the backoff").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.processNextReady()).isTrue();
    assertThat(queue.numRequeues(key)).isZero();
  }

  @Test
  void requeueAfterRunsTheKeyAgainLater() {
    outcomes.add(Result.requeueAfter(Duration.ofSeconds(30)));
    loop.enqueue(key);
    loop.processNextReady();
    clock.advance(Duration.ofSeconds(29));
    assertThat(loop.processNextReady()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(loop.processNextReady()).isTrue();
  }

  @Test
  void workersNeverReconcileTheSameKeyConcurrently() throws Exception {
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    WorkQueue<ObjectKey> q = new WorkQueue<>(java.time.Clock.systemUTC(), Duration.ofMillis(1), Duration.ofSeconds(1));
    try (ControllerLoop parallel = new ControllerLoop("test", "Job", k -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        if (runs.incrementAndGet() == 1) {
          firstStarted.countDown();
          release.await();
        }
      } finally {
        inFlight.decrementAndGet();
      }
      return Result.done();
    }, q, 4)) {
      parallel.start();
      parallel.enqueue(key);
      assertThat(firstStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 10; i++) {
        parallel.enqueue(key);
      }
      release.countDown();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(runs.get()).as("the key added while processing runs once more").isEqualTo(2);
        assertThat(q.length()).isZero();
      });
    }
    assertThat(maxInFlight.get()).isEqualTo(1);
  }
}
