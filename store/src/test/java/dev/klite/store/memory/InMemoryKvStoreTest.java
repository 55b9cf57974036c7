package dev.klite.store.memory;

import dev.klite.store.KvStore;
import dev.klite.store.KvStoreContractTest;
import java.time.Duration;

class InMemoryKvStoreTest extends KvStoreContractTest {
  @Override
  protected KvStore openStore(Duration progressInterval) {
    return new InMemoryKvStore(progressInterval);
  }
}
