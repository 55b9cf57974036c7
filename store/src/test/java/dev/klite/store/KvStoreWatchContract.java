package dev.klite.store;

import static dev.klite.store.KvStoreContractTest.applied;
import static dev.klite.store.KvStoreContractTest.key;
import static dev.klite.store.KvStoreContractTest.val;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.store.watch.WatchHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch half of the {@link KvStore} contract (a JUnit 5 test interface mixed into
 * {@link KvStoreContractTest}): replay then live, no loss or duplication, prefixes, prevKv,
 * compaction, slow consumers, progress notifications and close.
 */
interface KvStoreWatchContract {
  /** The open store under test; progress notifications come every 50 ms. */
  KvStore store();

  @Test
  default void watchFromRevisionReplaysHistoryThenDeliversLiveEvents() throws Exception {
    store().create(key("/w/a"), val("1"));      // 1
    store().update(key("/w/a"), val("2"), 0);   // 2
    store().create(key("/w/b"), val("1"));      // 3
    RecordingListener listener = new RecordingListener();

    try (Watch w = store().watch(WatchRequest.of(key("/w/"), 1), listener)) {
      List<Event> replayed = listener.take(2);
      assertThat(replayed).extracting(Event::revision).containsExactly(2L, 3L);
      store().delete(key("/w/a"), 0);           // 4
      assertThat(listener.take(1)).extracting(Event::revision, Event::type)
          .containsExactly(Tuple.tuple(4L, Event.Type.DELETE));
    }
    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.CLOSED_BY_WATCHER);
    assertThat(listener.events).isEmpty();
  }

  @Test
  default void watchFromZeroStartsAtCurrentRevision() throws Exception {
    store().create(key("a"), val("1"));
    RecordingListener listener = new RecordingListener();
    store().watch(WatchRequest.of(Bytes.EMPTY, 0), listener);

    store().create(key("b"), val("1"));

    assertThat(listener.take(1)).extracting(Event::revision).containsExactly(2L);
  }

  @Test
  default void watchFromFutureRevisionSkipsEventsUpToIt() throws Exception {
    store().create(key("a"), val("1"));
    RecordingListener listener = new RecordingListener();
    store().watch(WatchRequest.of(Bytes.EMPTY, 3), listener);

    for (int i = 0; i < 4; i++) {
      store().update(key("a"), val("v" + i), 0);   // 2..5
    }

    assertThat(listener.take(2)).extracting(Event::revision).containsExactly(4L, 5L);
  }

  @Test
  default void watchOnlyDeliversKeysWithItsPrefix() throws Exception {
    RecordingListener pods = new RecordingListener();
    store().watch(WatchRequest.of(key("/registry/pods/"), 0), pods);

    store().create(key("/registry/jobs/j"), val("j"));
    store().create(key("/registry/pods/p"), val("p"));
    store().create(key("/registry/podsx"), val("x"));
    store().create(key("/registry/pods/q"), val("q"));

    assertThat(pods.take(2)).extracting(e -> e.kv().key().utf8())
        .containsExactly("/registry/pods/p", "/registry/pods/q");
    assertThat(pods.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  default void eventsCarryPrevKvOnUpdateAndDelete() throws Exception {
    RecordingListener listener = new RecordingListener();
    store().watch(WatchRequest.of(Bytes.EMPTY, 0), listener);

    KeyValue created = applied(store().create(key("k"), val("v1")));
    KeyValue updated = applied(store().update(key("k"), val("v2"), 0));
    store().delete(key("k"), 0);

    List<Event> events = listener.take(3);
    assertThat(events.get(0).isCreate()).isTrue();
    assertThat(events.get(0).kv()).isEqualTo(created);
    assertThat(events.get(1).type()).isEqualTo(Event.Type.PUT);
    assertThat(events.get(1).kv()).isEqualTo(updated);
    assertThat(events.get(1).prevKv()).contains(created);
    assertThat(events.get(2).type()).isEqualTo(Event.Type.DELETE);
    assertThat(events.get(2).kv().key()).isEqualTo(key("k"));
    assertThat(events.get(2).kv().value()).isEqualTo(Bytes.EMPTY);
    assertThat(events.get(2).revision()).isEqualTo(3);
    assertThat(events.get(2).prevKv()).contains(updated);
  }

  @Test
  default void replayedEventsCarryPrevKvToo() throws Exception {
    KeyValue created = applied(store().create(key("k"), val("v1")));
    KeyValue updated = applied(store().update(key("k"), val("v2"), 0));
    store().delete(key("k"), 0);
    RecordingListener listener = new RecordingListener();

    store().watch(WatchRequest.of(Bytes.EMPTY, 1), listener);

    List<Event> events = listener.take(2);
    assertThat(events.get(0).prevKv()).contains(created);
    assertThat(events.get(1).prevKv()).contains(updated);
    assertThat(events.get(1).type()).isEqualTo(Event.Type.DELETE);
  }

  @Test
  default void watchBelowCompactRevisionThrowsCompacted() {
    for (int i = 0; i < 5; i++) {
      store().create(key("k" + i), val("v"));
    }
    store().compact(3);

    assertThatThrownBy(() -> store().watch(WatchRequest.of(Bytes.EMPTY, 2), new RecordingListener()))
        .isInstanceOf(CompactedException.class);
  }

  @Test
  default void watchAtCompactRevisionReplaysEverythingAfterIt() throws Exception {
    for (int i = 0; i < 5; i++) {
      store().create(key("k" + i), val("v"));
    }
    store().compact(3);
    RecordingListener listener = new RecordingListener();

    store().watch(WatchRequest.of(Bytes.EMPTY, 3), listener);

    assertThat(listener.take(2)).extracting(Event::revision).containsExactly(4L, 5L);
  }

  @Test
  @Timeout(60)
  default void compactionOvertakingAReplayingWatcherCancelsItWithCompacted() throws Exception {
    int chunk = WatchHub.REPLAY_CHUNK_REVISIONS;
    store().create(key("/r"), val("0"));
    for (int i = 1; i <= chunk + 100; i++) {
      store().update(key("/r"), val(Integer.toString(i)), 0);
    }
    CountDownLatch inFirstChunk = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener listener = new RecordingListener() {
      @Override
      public void onEvents(List<Event> batch) {
        super.onEvents(batch);
        inFirstChunk.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    store().watch(WatchRequest.of(Bytes.EMPTY, 1), listener);
    assertThat(inFirstChunk.await(10, TimeUnit.SECONDS)).isTrue();

    store().compact(chunk + 50);   // beyond the first chunk, before the rest was replayed
    release.countDown();

    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.COMPACTED);
    assertThat(listener.events).extracting(Event::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(2, chunk + 1).boxed().toList());
  }

  @Test
  @Timeout(60)
  default void concurrentWritersNeitherLoseNorDuplicateEventsForReplayingAndLiveWatchers() throws Exception {
    int writers = 4;
    int perWriter = 400;
    for (int i = 0; i < 50; i++) {
      store().create(key("/pre/" + i), val("v"));
    }
    RecordingListener live = new RecordingListener();
    store().watch(new WatchRequest(Bytes.EMPTY, 0, 100_000, false), live);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch halfway = new CountDownLatch(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int id = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < perWriter; i++) {
          Bytes k = key("/c/" + id + "/" + (i % 20));
          if (store().get(k).isPresent()) {
            store().update(k, val("v" + i), 0);
          } else {
            store().create(k, val("v" + i));
          }
          if (i == perWriter / 2) {
            halfway.countDown();
          }
        }
      }));
    }
    assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
    RecordingListener replaying = new RecordingListener();
    store().watch(new WatchRequest(Bytes.EMPTY, 10, 100_000, false), replaying);
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    long total = 50 + (long) writers * perWriter;
    assertThat(store().currentRevision()).isEqualTo(total);

    assertThat(live.take((int) (total - 50))).extracting(Event::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(51, total).boxed().toList());
    assertThat(replaying.take((int) (total - 10))).extracting(Event::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(11, total).boxed().toList());
    assertThat(live.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
    assertThat(replaying.events).isEmpty();
  }

  @Test
  @Timeout(30)
  default void slowConsumerIsCancelledWithoutBlockingTheWriter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    RecordingListener slow = new RecordingListener() {
      @Override
      public void onEvents(List<Event> batch) {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.onEvents(batch);
      }
    };
    RecordingListener healthy = new RecordingListener();
    store().watch(new WatchRequest(Bytes.EMPTY, 0, 4, false), slow);
    store().watch(new WatchRequest(Bytes.EMPTY, 0, 1000, false), healthy);

    store().create(key("first"), val("v"));
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      applied(store().create(key("k" + i), val("v")));   // completes although the listener is stuck
    }
    release.countDown();

    assertThat(slow.awaitCancellation()).isEqualTo(CancelReason.SLOW_CONSUMER);
    assertThat(healthy.take(51)).extracting(Event::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 51).boxed().toList());
    assertThat(healthy.cancellations).isEmpty();
  }

  @Test
  default void idleWatcherWithProgressNotifyGetsCurrentRevision() throws Exception {
    store().create(key("/other/x"), val("v"));
    store().create(key("/other/y"), val("v"));
    RecordingListener listener = new RecordingListener();
    RecordingListener noProgress = new RecordingListener();
    store().watch(new WatchRequest(key("/mine/"), 0, 10, true), listener);
    store().watch(new WatchRequest(key("/mine/"), 0, 10, false), noProgress);

    store().create(key("/other/z"), val("v"));

    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> listener.progress.contains(3L));
    assertThat(listener.events).isEmpty();
    assertThat(noProgress.progress).isEmpty();
  }

  @Test
  default void closeCancelsWatchesWithClosed() throws Exception {
    RecordingListener listener = new RecordingListener();
    store().watch(WatchRequest.of(Bytes.EMPTY, 0), listener);

    store().close();

    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.CLOSED);
    assertThat(listener.cancellations.poll(100, TimeUnit.MILLISECONDS)).isNull();
  }
}
