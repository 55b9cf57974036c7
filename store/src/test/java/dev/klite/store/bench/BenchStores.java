package dev.klite.store.bench;

import dev.klite.store.KvStore;
import dev.klite.store.memory.InMemoryKvStore;
import dev.klite.store.rocksdb.RocksKvStore;
import dev.klite.store.rocksdb.RocksKvStoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Opens the store under test for a benchmark: RocksDB with or without fsync, or the in-memory peer. */
final class BenchStores {
  static final String ROCKS_SYNC = "rocks-sync";
  static final String ROCKS_NOSYNC = "rocks-nosync";
  static final String MEMORY = "memory";

  private BenchStores() {}

  static KvStore open(String kind, Path dir) {
    return switch (kind) {
      case ROCKS_SYNC -> RocksKvStore.open(dir, RocksKvStoreOptions.defaults().withMinRetention(null));
      case ROCKS_NOSYNC -> RocksKvStore.open(dir,
          RocksKvStoreOptions.defaults().withSync(false).withMinRetention(null));
      case MEMORY -> new InMemoryKvStore();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("klite-store-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
