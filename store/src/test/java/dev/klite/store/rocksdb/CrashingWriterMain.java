package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.WriteResult;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link RocksKvStoreCrashRecoveryTest}: several threads create unique keys
 * forever and print {@code ACK <revision> <key>} for each acknowledged write, until killed.
 */
public final class CrashingWriterMain {
  private CrashingWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    RocksKvStore store = RocksKvStore.open(dir, RocksKvStoreOptions.defaults().withMinRetention(null));
    PrintStream out = System.out;
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread writer = new Thread(() -> {
        for (long i = 0; ; i++) {
          String key = "/crash/" + id + "/" + i;
          WriteResult result = store.create(Bytes.of(key), Bytes.of("value-" + i).toByteArray());
          long rev = ((WriteResult.Applied) result).kv().modRevision();
          synchronized (out) {
            out.println("ACK " + rev + " " + key);
            out.flush();
          }
        }
      });
      writer.start();
    }
    out.println("STARTED");
    out.flush();
    Thread.currentThread().join();
  }
}
