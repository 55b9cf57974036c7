package dev.klite.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.store.Bytes;
import dev.klite.store.KeyValue;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing child JVM with SIGKILL and checks that every acknowledged write survived. */
class RocksKvStoreCrashRecoveryTest {
  private static final int ACKS_BEFORE_KILL = 2000;
  private static final int WRITER_THREADS = 8;

  @TempDir
  Path dir;
  private Process child;
  private RocksKvStore store;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  @Timeout(120)
  void everyAcknowledgedWriteSurvivesSigkillAndRevisionsHaveNoGaps() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingWriterMain.class.getName(), dir.toString(), Integer.toString(WRITER_THREADS))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Map<String, Long> acked = new HashMap<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          acked.put(parts[2], Long.parseLong(parts[1]));
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSize(ACKS_BEFORE_KILL);

    store = RocksKvStore.open(dir, RocksKvStoreOptions.defaults().withMinRetention(null));

    for (Map.Entry<String, Long> ack : acked.entrySet()) {
      assertThat(store.get(Bytes.of(ack.getKey())).map(KeyValue::modRevision))
          .as(ack.getKey()).contains(ack.getValue());
    }
    long current = store.currentRevision();
    assertThat(current).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    RangeResult all = store.range(RangeRequest.prefix(Bytes.of("/crash/")));
    assertThat(all.revision()).isEqualTo(current);
    // Every write created a distinct key, so the live keys' revisions must be exactly 1..current.
    assertThat(all.kvs()).extracting(KeyValue::modRevision).containsExactlyInAnyOrderElementsOf(
        LongStream.rangeClosed(1, current).boxed().toList());
  }

}
