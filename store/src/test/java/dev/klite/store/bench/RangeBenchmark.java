package dev.klite.store.bench;

import dev.klite.store.Bytes;
import dev.klite.store.KvStore;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * A list of 1,000 keys (1 KiB values) out of 3,000, at the current revision (the API server's hot
 * path, served from the {@code current} column family) and at a past revision (paginated lists'
 * later pages, served from {@code keys} + {@code log}). Every key has 3 versions in history.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RangeBenchmark {
  private static final Bytes PREFIX = Bytes.of("/registry/pods/ns-1/");

  @Param({BenchStores.ROCKS_NOSYNC, BenchStores.MEMORY})
  public String store;

  private KvStore kv;
  private Path dir;
  private long pastRevision;

  @Setup(Level.Trial)
  public void fill() {
    dir = BenchStores.tempDir();
    kv = BenchStores.open(store, dir);
    byte[] value = new byte[1024];
    for (int version = 0; version < 3; version++) {
      for (int ns = 0; ns < 3; ns++) {
        for (int i = 0; i < 1000; i++) {
          Bytes key = Bytes.of("/registry/pods/ns-" + ns + "/pod-" + i);
          if (version == 0) {
            kv.create(key, value);
          } else {
            kv.update(key, value, 0);
          }
        }
      }
      if (version == 1) {
        pastRevision = kv.currentRevision();
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    kv.close();
    BenchStores.delete(dir);
  }

  @Benchmark
  public RangeResult range1000AtCurrentRevision() {
    return kv.range(RangeRequest.prefix(PREFIX));
  }

  @Benchmark
  public RangeResult range1000AtPastRevision() {
    return kv.range(RangeRequest.prefix(PREFIX).atRevision(pastRevision));
  }
}
