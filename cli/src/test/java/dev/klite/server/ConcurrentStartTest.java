package dev.klite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentStartTest {

  /** A component that records whether it was closed. */
  static final class Component implements AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void joinReturnsTheComponentStartedOnItsOwnThread() {
    ConcurrentStart<Component> start = ConcurrentStart.begin("test-start", () -> {
      assertThat(Thread.currentThread().getName()).isEqualTo("test-start");
      return new Component();
    });

    assertThat(start.join().closed).isFalse();
  }

  @Test
  void joinRethrowsTheStartsFailureAsThrown() {
    ConcurrentStart<Component> start = ConcurrentStart.begin("test-start", () -> {
      throw new IllegalStateException("informers did not sync");
    });

    assertThatThrownBy(start::join).isInstanceOf(IllegalStateException.class).hasMessage("informers did not sync");
  }

  @Test
  void closeWhenStartedWaitsForAStartStillRunningAndClosesItsComponent() throws InterruptedException {
    Component component = new Component();
    CountDownLatch release = new CountDownLatch(1);
    ConcurrentStart<Component> start = ConcurrentStart.begin("test-start", () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return component;
    });
    Thread releaser = new Thread(release::countDown);
    releaser.start();

    start.closeWhenStarted();

    assertThat(component.closed).isTrue();
    releaser.join();
  }

  @Test
  void closeWhenStartedIgnoresAFailedStart() {
    ConcurrentStart<Component> start = ConcurrentStart.begin("test-start", () -> {
      throw new IllegalStateException("failed");
    });

    start.closeWhenStarted();

    assertThatThrownBy(start::join).hasMessage("failed");
  }
}
