package dev.klite.store.rocksdb;

import dev.klite.store.KvStore;
import dev.klite.store.KvStoreContractTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class RocksKvStoreTest extends KvStoreContractTest {
  @TempDir
  Path dir;

  @Override
  protected KvStore openStore(Duration progressInterval) {
    return RocksKvStore.open(dir, RocksKvStoreOptions.defaults()
        .withMinRetention(null).withProgressInterval(progressInterval));
  }
}
