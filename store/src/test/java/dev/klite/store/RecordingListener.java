package dev.klite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records everything it receives in blocking queues tests can poll. */
public class RecordingListener implements WatchListener {
  public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  public final BlockingQueue<CancelReason> cancellations = new LinkedBlockingQueue<>();
  public final BlockingQueue<Long> progress = new LinkedBlockingQueue<>();
  public final BlockingQueue<Integer> batchSizes = new LinkedBlockingQueue<>();

  @Override
  public void onEvents(List<Event> batch) {
    assertThat(batch).isNotEmpty();
    batchSizes.add(batch.size());
    events.addAll(batch);
  }

  @Override
  public void onProgress(long revision) {
    progress.add(revision);
  }

  @Override
  public void onCancelled(CancelReason reason) {
    cancellations.add(reason);
  }

  /** Waits for exactly {@code n} events (failing after 10 s without one). */
  public List<Event> take(int n) throws InterruptedException {
    List<Event> taken = new ArrayList<>(n);
    while (taken.size() < n) {
      Event e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("event %d of %d", taken.size() + 1, n).isNotNull();
      taken.add(e);
    }
    return taken;
  }

  public CancelReason awaitCancellation() throws InterruptedException {
    CancelReason reason = cancellations.poll(10, TimeUnit.SECONDS);
    assertThat(reason).as("cancellation").isNotNull();
    return reason;
  }
}
