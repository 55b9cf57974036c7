package dev.klite.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.store.Bytes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
  @TempDir
  Path dir;

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void compactsOnlyToRevisionsOlderThanTheRetentionWindow() {
    AtomicLong revision = new AtomicLong();
    List<Long> compactions = new ArrayList<>();
    ManualClock clock = new ManualClock();
    try (Compactor compactor = new Compactor(revision::get, compactions::add, Duration.ofMinutes(5), clock)) {
      revision.set(10);
      compactor.tick();                          // t=0: rev 10
      clock.advance(Duration.ofMinutes(2));
      revision.set(20);
      compactor.tick();                          // t=2: rev 20
      assertThat(compactions).isEmpty();

      clock.advance(Duration.ofMinutes(3));
      revision.set(30);
      compactor.tick();                          // t=5: rev 10 is now 5 minutes old
      assertThat(compactions).containsExactly(10L);

      clock.advance(Duration.ofMinutes(1));
      compactor.tick();                          // t=6: rev 20 is only 4 minutes old
      assertThat(compactions).containsExactly(10L);

      clock.advance(Duration.ofMinutes(1));
      compactor.tick();                          // t=7: rev 20 is 5 minutes old
      assertThat(compactions).containsExactly(10L, 20L);
    }
  }

  @Test
  void storeCompactsInTheBackgroundWhenRetentionIsSet() {
    RocksKvStoreOptions options = RocksKvStoreOptions.defaults().withSync(false)
        .withMinRetention(Duration.ofMillis(20)).withCompactionInterval(Duration.ofMillis(10));
    try (RocksKvStore store = RocksKvStore.open(dir, options)) {
      for (int i = 0; i < 50; i++) {
        store.update(Bytes.of("k"), new byte[] {(byte) i}, 0);
        store.create(Bytes.of("k" + i), new byte[] {1});
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> store.compactRevision() > 0);
      assertThat(store.get(Bytes.of("k49"))).isPresent();
    }
  }
}
