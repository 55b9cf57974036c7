package dev.klite.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.store.Bytes;
import dev.klite.store.CancelReason;
import dev.klite.store.RecordingListener;
import dev.klite.store.StoreException;
import dev.klite.store.WatchRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksObject;

class RocksResourcesLeakTest {
  @TempDir
  Path dir;

  @Test
  void closeReleasesEveryNativeHandleAndStopsTheStoreThreads() throws Exception {
    RocksKvStore store = RocksKvStore.open(dir, RocksKvStoreOptions.defaults());
    store.create(Bytes.of("k"), new byte[] {1});
    RecordingListener listener = new RecordingListener();
    store.watch(WatchRequest.of(Bytes.EMPTY, 0), listener);
    List<RocksObject> natives = store.resources().ownedObjects();
    assertThat(natives).hasSizeGreaterThan(8).allMatch(RocksObject::isOwningHandle);

    store.close();

    assertThat(natives).noneMatch(RocksObject::isOwningHandle);
    assertThat(listener.awaitCancellation()).isEqualTo(CancelReason.CLOSED);
    assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
        .noneMatch(n -> n.startsWith("klite-store"));
    assertThatThrownBy(() -> store.get(Bytes.of("k"))).isInstanceOf(StoreException.class);
    store.close();
  }
}
