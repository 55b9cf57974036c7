package dev.klite.conformance.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A fabric8 watcher that queues what it receives, so a test can wait for the next event with a timeout. */
public final class RecordingWatcher<T extends HasMetadata> implements Watcher<T> {
  /** One watch event: the action and the object as sent. */
  public record Event<T>(Action action, T object) {
    public String name() {
      return ((HasMetadata) object).getMetadata().getName();
    }

    public String resourceVersion() {
      return ((HasMetadata) object).getMetadata().getResourceVersion();
    }
  }

  private final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
  private final List<Event<T>> seen = new ArrayList<>();

  @Override
  public void eventReceived(Action action, T resource) {
    events.add(new Event<>(action, resource));
  }

  @Override
  public void onClose(WatcherException cause) {
    // a test that needs the close checks for missing events instead
  }

  /** The next event, or an AssertionError listing what was seen when none comes within {@code timeout}. */
  public Event<T> next(Duration timeout) throws InterruptedException {
    Event<T> e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) throw new AssertionError("no watch event within " + timeout + "; seen: " + describe(seen));
    seen.add(e);
    return e;
  }

  /**
   * Takes events until one satisfies {@code test} and returns it; fails listing what was seen when
   * none does within {@code timeout} (overall). Every event taken stays in {@link #seen()}.
   */
  public Event<T> nextMatching(Predicate<Event<T>> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event<T> e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) throw new AssertionError("no matching watch event within " + timeout + "; seen: " + describe(seen));
      seen.add(e);
      if (test.test(e)) return e;
    }
  }

  /** Every event taken so far by {@link #next} and {@link #nextMatching}, in arrival order. */
  public List<Event<T>> seen() {
    return List.copyOf(seen);
  }

  /** Asserts that nothing arrives within {@code quiet}. */
  public void expectNothing(Duration quiet) throws InterruptedException {
    Event<T> e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    if (e != null) throw new AssertionError("unexpected watch event " + e.action() + " " + e.name() + " rv=" + e.resourceVersion());
  }

  private static <T> String describe(List<Event<T>> list) {
    StringBuilder sb = new StringBuilder("[");
    for (Event<T> e : list) sb.append(e.action()).append(' ').append(e.name()).append(' ').append(e.resourceVersion()).append("; ");
    return sb.append(']').toString();
  }
}
