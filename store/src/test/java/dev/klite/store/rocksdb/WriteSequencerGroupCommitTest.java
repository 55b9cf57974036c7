package dev.klite.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.store.Bytes;
import dev.klite.store.WriteResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteSequencerGroupCommitTest {
  @TempDir
  Path dir;
  private RocksKvStore store;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    store = RocksKvStore.open(dir, RocksKvStoreOptions.defaults().withMinRetention(null));
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
  }

  @Test
  void concurrentSyncedWritersShareBatches() throws Exception {
    int threads = 8;
    int perThread = 100;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          assertThat(store.create(Bytes.of("/g/" + id + "/" + i), new byte[] {1}).applied()).isTrue();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }

    assertThat(store.currentRevision()).isEqualTo(threads * perThread);
    assertThat(store.committedGroups()).isLessThan(threads * perThread);
  }

  @Test
  void casDecisionsInsideOneGroupSeeEarlierWritesOfTheGroup() throws Exception {
    Bytes key = Bytes.of("/cas");
    store.create(key, new byte[] {0});
    CountDownLatch start = new CountDownLatch(1);
    List<Future<WriteResult>> results = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      byte b = (byte) t;
      results.add(pool.submit(() -> {
        start.await();
        return store.update(key, new byte[] {b}, 1);
      }));
    }
    start.countDown();

    long applied = 0;
    for (Future<WriteResult> f : results) {
      WriteResult r = f.get(30, TimeUnit.SECONDS);
      if (r.applied()) {
        applied++;
      } else {
        assertThat(r).isInstanceOf(WriteResult.Conflict.class);
        assertThat(((WriteResult.Conflict) r).current().modRevision()).isEqualTo(2);
      }
    }
    assertThat(applied).isEqualTo(1);
    assertThat(store.currentRevision()).isEqualTo(2);
  }
}
