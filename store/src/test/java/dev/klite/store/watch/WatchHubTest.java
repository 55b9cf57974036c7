package dev.klite.store.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.store.Bytes;
import dev.klite.store.CancelReason;
import dev.klite.store.CompactedException;
import dev.klite.store.Event;
import dev.klite.store.KeyValue;
import dev.klite.store.RecordingListener;
import dev.klite.store.StoreException;
import dev.klite.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchHubTest {
  /** History holding revisions 1..N of key "/k", compacted below {@code compactedBelow}. */
  private final List<Event> log = new ArrayList<>();
  private volatile long compactedBelow;
  private final WatchHub hub = new WatchHub("test", this::history, 0, Duration.ofSeconds(30));

  @AfterEach
  void close() {
    hub.close();
  }

  private synchronized List<Event> history(long after, long upTo, Bytes prefix) {
    if (after < compactedBelow) {
      throw new CompactedException(after, compactedBelow, log.size());
    }
    return log.stream().filter(e -> e.revision() > after && e.revision() <= upTo)
        .filter(e -> e.kv().key().startsWith(prefix)).toList();
  }

  private synchronized void write(int n) {
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long rev = log.size() + 1;
      Event e = new Event(Event.Type.PUT, new KeyValue(Bytes.of("/k"), Bytes.of("v"), 1, rev, rev), null);
      log.add(e);
      batch.add(e);
    }
    hub.publish(batch);
  }

  @Test
  void replayLongerThanOneChunkArrivesInOrderThenSwitchesToLive() throws Exception {
    write(WatchHub.REPLAY_CHUNK_REVISIONS * 2 + 10);
    RecordingListener listener = new RecordingListener();

    hub.watch(new WatchRequest(Bytes.EMPTY, 5, 10, false), listener);
    write(3);

    List<Event> events = listener.take(WatchHub.REPLAY_CHUNK_REVISIONS * 2 + 10 - 5 + 3);
    assertThat(events).extracting(Event::revision).isSorted().doesNotHaveDuplicates();
    assertThat(events.get(0).revision()).isEqualTo(6);
    assertThat(hub.lastPublishedRevision()).isEqualTo(events.get(events.size() - 1).revision());
  }

  @Test
  void replayHittingCompactedHistoryCancelsWithCompacted() throws Exception {
    write(20);
    compactedBelow = 10;
    RecordingListener listener = new RecordingListener();

    hub.watch(WatchRequest.of(Bytes.EMPTY, 3), listener);

    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.COMPACTED);
    assertThat(listener.events).isEmpty();
    assertThat(hub.watcherCount()).isZero();
  }

  @Test
  void aThrowingListenerDoesNotStopDeliveryToOthers() throws Exception {
    RecordingListener broken = new RecordingListener() {
      @Override
      public void onEvents(List<Event> batch) {
        throw new IllegalStateException("boom");
      }
    };
    RecordingListener healthy = new RecordingListener();
    hub.watch(WatchRequest.of(Bytes.EMPTY, 0), broken);
    hub.watch(WatchRequest.of(Bytes.EMPTY, 0), healthy);

    write(2);
    write(1);

    assertThat(healthy.take(3)).extracting(Event::revision).containsExactly(1L, 2L, 3L);
  }

  @Test
  void closedWatchGetsNoFurtherEvents() throws Exception {
    RecordingListener listener = new RecordingListener();
    var watch = hub.watch(WatchRequest.of(Bytes.EMPTY, 0), listener);
    write(1);
    listener.take(1);

    watch.close();
    write(1);

    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.CLOSED_BY_WATCHER);
    assertThat(listener.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
    assertThat(hub.watcherCount()).isZero();
  }

  @Test
  void watchingAfterCloseFails() {
    hub.close();

    assertThatThrownBy(() -> hub.watch(WatchRequest.of(Bytes.EMPTY, 0), new RecordingListener()))
        .isInstanceOf(StoreException.class);
  }
}
