package dev.klite.store.bench;

import dev.klite.store.Bytes;
import dev.klite.store.KvStore;
import dev.klite.store.WriteResult;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Write throughput: creates of new keys (one thread, and eight threads to show group commit) and
 * compare-and-swap updates of one key per thread. Values are 1 KiB, about a small pod's JSON.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteBenchmark {
  private static final byte[] VALUE = new byte[1024];

  @State(Scope.Benchmark)
  public static class StoreState {
    @Param({BenchStores.ROCKS_SYNC, BenchStores.ROCKS_NOSYNC, BenchStores.MEMORY})
    public String store;

    KvStore kv;
    Path dir;
    final AtomicLong keys = new AtomicLong();
    final AtomicLong threads = new AtomicLong();

    // A fresh store per iteration, so that history growing over the run does not skew later
    // iterations (the in-memory peer keeps every version).
    @Setup(Level.Iteration)
    public void open() {
      dir = BenchStores.tempDir();
      kv = BenchStores.open(store, dir);
    }

    @TearDown(Level.Iteration)
    public void close() {
      kv.close();
      BenchStores.delete(dir);
    }
  }

  /** One key per thread, updated with the modRevision of its previous write. */
  @State(Scope.Thread)
  public static class CasKey {
    Bytes key;
    long modRevision;

    @Setup(Level.Iteration)
    public void create(StoreState state) {
      key = Bytes.of("/registry/pods/bench/cas-" + state.threads.incrementAndGet());
      modRevision = ((WriteResult.Applied) state.kv.create(key, VALUE)).kv().modRevision();
    }
  }

  @Benchmark
  @Threads(1)
  public WriteResult create(StoreState state) {
    return state.kv.create(Bytes.of("/registry/pods/bench/p-" + state.keys.incrementAndGet()), VALUE);
  }

  @Benchmark
  @Threads(8)
  public WriteResult create8Threads(StoreState state) {
    return state.kv.create(Bytes.of("/registry/pods/bench/p-" + state.keys.incrementAndGet()), VALUE);
  }

  @Benchmark
  @Threads(1)
  public WriteResult casUpdate(StoreState state, CasKey cas) {
    WriteResult result = state.kv.update(cas.key, VALUE, cas.modRevision);
    cas.modRevision = ((WriteResult.Applied) result).kv().modRevision();
    return result;
  }
}
