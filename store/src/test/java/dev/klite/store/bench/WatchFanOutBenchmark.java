package dev.klite.store.bench;

import dev.klite.store.Bytes;
import dev.klite.store.CancelReason;
import dev.klite.store.Event;
import dev.klite.store.KvStore;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One write delivered to 100 watchers of its prefix: the time from the write call until every
 * watcher's listener has received the event (commit + fan-out + dispatch).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class WatchFanOutBenchmark {
  private static final int WATCHERS = 100;
  private static final byte[] VALUE = new byte[1024];

  @Param({BenchStores.ROCKS_NOSYNC, BenchStores.MEMORY})
  public String store;

  private KvStore kv;
  private Path dir;
  private final AtomicLong delivered = new AtomicLong();
  private final List<Watch> watches = new ArrayList<>();
  private long writes;

  @Setup(Level.Trial)
  public void open() {
    dir = BenchStores.tempDir();
    kv = BenchStores.open(store, dir);
    kv.create(Bytes.of("/registry/pods/ns/p"), VALUE);
    WatchListener counting = new WatchListener() {
      @Override
      public void onEvents(List<Event> events) {
        delivered.addAndGet(events.size());
      }

      @Override
      public void onCancelled(CancelReason reason) {
        if (reason == CancelReason.SLOW_CONSUMER || reason == CancelReason.COMPACTED) {
          throw new IllegalStateException("watch cancelled: " + reason);
        }
      }
    };
    for (int i = 0; i < WATCHERS; i++) {
      watches.add(kv.watch(WatchRequest.of(Bytes.of("/registry/pods/"), 0), counting));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    watches.forEach(Watch::close);
    kv.close();
    BenchStores.delete(dir);
  }

  @Benchmark
  public long writeAndDeliverTo100Watchers() {
    kv.update(Bytes.of("/registry/pods/ns/p"), VALUE, 0);
    long expected = ++writes * WATCHERS;
    while (delivered.get() < expected) {
      Thread.yield(); // 2 cores: let the dispatcher run rather than burn one spinning
    }
    return expected;
  }
}
