package dev.klite.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link KvStore} contract; every implementation extends this suite. The watch half lives in
 * {@link KvStoreWatchContract}.
 */
public abstract class KvStoreContractTest implements KvStoreWatchContract {
  protected static final Duration FAST_PROGRESS = Duration.ofMillis(50);

  protected KvStore store;

  /** Opens a fresh, empty store whose progress notifications come every {@code progressInterval}. */
  protected abstract KvStore openStore(Duration progressInterval) throws Exception;

  @BeforeEach
  void openFreshStore() throws Exception {
    store = openStore(FAST_PROGRESS);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  public KvStore store() {
    return store;
  }

  static Bytes key(String s) {
    return Bytes.of(s);
  }

  static byte[] val(String s) {
    return Bytes.of(s).toByteArray();
  }

  static KeyValue applied(WriteResult result) {
    assertThat(result).isInstanceOf(WriteResult.Applied.class);
    return ((WriteResult.Applied) result).kv();
  }

  @Test
  void emptyStoreIsAtRevisionZero() {
    assertThat(store.currentRevision()).isZero();
    assertThat(store.compactRevision()).isZero();
    assertThat(store.get(key("a"))).isEmpty();
    assertThat(store.range(RangeRequest.prefix(Bytes.EMPTY))).isEqualTo(new RangeResult(List.of(), 0, false, 0));
  }

  @Test
  void createAssignsNextRevisionAndVersionOne() {
    KeyValue a = applied(store.create(key("a"), val("1")));
    KeyValue b = applied(store.create(key("b"), val("2")));

    assertThat(a).isEqualTo(new KeyValue(key("a"), Bytes.of("1"), 1, 1, 1));
    assertThat(b).isEqualTo(new KeyValue(key("b"), Bytes.of("2"), 2, 2, 1));
    assertThat(store.currentRevision()).isEqualTo(2);
    assertThat(store.get(key("a"))).contains(a);
  }

  @Test
  void createReturnsConflictWithExistingKvWhenKeyExists() {
    KeyValue a = applied(store.create(key("a"), val("1")));

    assertThat(store.create(key("a"), val("other"))).isEqualTo(new WriteResult.Conflict(a));
    assertThat(store.currentRevision()).isEqualTo(1);
  }

  @Test
  void updateWithMatchingModRevisionIncrementsVersionAndKeepsCreateRevision() {
    store.create(key("x"), val("x"));
    KeyValue a = applied(store.create(key("a"), val("1")));

    KeyValue updated = applied(store.update(key("a"), val("2"), a.modRevision()));

    assertThat(updated).isEqualTo(new KeyValue(key("a"), Bytes.of("2"), 2, 3, 2));
    assertThat(store.get(key("a"))).contains(updated);
  }

  @Test
  void updateReturnsConflictWhenModRevisionIsStale() {
    KeyValue a = applied(store.create(key("a"), val("1")));
    KeyValue second = applied(store.update(key("a"), val("2"), a.modRevision()));

    assertThat(store.update(key("a"), val("3"), a.modRevision())).isEqualTo(new WriteResult.Conflict(second));
    assertThat(store.delete(key("a"), a.modRevision())).isEqualTo(new WriteResult.Conflict(second));
    assertThat(store.get(key("a"))).contains(second);
    assertThat(store.currentRevision()).isEqualTo(2);
  }

  @Test
  void updateWithZeroExpectedRevisionIsUnconditional() {
    store.create(key("a"), val("1"));
    store.update(key("a"), val("2"), 0);

    assertThat(applied(store.update(key("a"), val("3"), 0)).version()).isEqualTo(3);
  }

  @Test
  void updateAndDeleteOfMissingKeyReturnMissing() {
    assertThat(store.update(key("nope"), val("1"), 0)).isEqualTo(new WriteResult.Missing());
    assertThat(store.delete(key("nope"), 0)).isEqualTo(new WriteResult.Missing());
    assertThat(store.currentRevision()).isZero();
  }

  @Test
  void deleteReportsDeletedKvAtDeletingRevisionAndRecreateStartsNewIncarnation() {
    KeyValue a = applied(store.create(key("a"), val("1")));
    applied(store.update(key("a"), val("2"), 0));

    KeyValue deleted = applied(store.delete(key("a"), 2));

    assertThat(deleted).isEqualTo(new KeyValue(key("a"), Bytes.of("2"), a.createRevision(), 3, 2));
    assertThat(store.get(key("a"))).isEmpty();
    assertThat(store.delete(key("a"), 0)).isEqualTo(new WriteResult.Missing());
    KeyValue again = applied(store.create(key("a"), val("new")));
    assertThat(again).isEqualTo(new KeyValue(key("a"), Bytes.of("new"), 4, 4, 1));
  }

  @Test
  void getAtPastRevisionReturnsTheVersionLiveThen() {
    store.create(key("a"), val("v1"));          // 1
    store.create(key("other"), val("o"));       // 2
    store.update(key("a"), val("v2"), 0);       // 3
    store.delete(key("a"), 0);                  // 4
    store.create(key("a"), val("v3"));          // 5

    assertThat(store.get(key("a"), 1).map(KeyValue::value)).contains(Bytes.of("v1"));
    assertThat(store.get(key("a"), 2).map(KeyValue::value)).contains(Bytes.of("v1"));
    assertThat(store.get(key("a"), 3).map(KeyValue::value)).contains(Bytes.of("v2"));
    assertThat(store.get(key("a"), 4)).isEmpty();
    assertThat(store.get(key("a"), 5)).contains(new KeyValue(key("a"), Bytes.of("v3"), 5, 5, 1));
    assertThat(store.get(key("other"), 1)).isEmpty();
  }

  @Test
  void readsAboveCurrentRevisionThrowFutureRevision() {
    store.create(key("a"), val("1"));

    assertThatThrownBy(() -> store.get(key("a"), 2)).isInstanceOf(FutureRevisionException.class);
    assertThatThrownBy(() -> store.range(RangeRequest.prefix(Bytes.EMPTY).atRevision(5)))
        .isInstanceOf(FutureRevisionException.class);
  }

  @Test
  void rangeReturnsKeysInOrderWithinHalfOpenInterval() {
    for (String k : List.of("/r/b", "/r/a", "/r/c", "/s/a", "/q")) {
      store.create(key(k), val(k));
    }

    RangeResult all = store.range(new RangeRequest(key("/r/a"), key("/r/c"), 0, 0, false));
    assertThat(all.kvs()).extracting(kv -> kv.key().utf8()).containsExactly("/r/a", "/r/b");
    assertThat(all.count()).isEqualTo(2);
    assertThat(all.more()).isFalse();
    assertThat(all.revision()).isEqualTo(5);

    assertThat(store.range(RangeRequest.prefix(key("/r/"))).kvs())
        .extracting(kv -> kv.key().utf8()).containsExactly("/r/a", "/r/b", "/r/c");
    assertThat(store.range(new RangeRequest(key("/r/"), Bytes.EMPTY, 0, 0, false)).count()).isEqualTo(4);
    assertThat(store.range(new RangeRequest(key("/r/c"), key("/r/a"), 0, 0, false)))
        .isEqualTo(new RangeResult(List.of(), 5, false, 0));
    assertThat(store.range(new RangeRequest(key("/r/c"), key("/r/a"), 0, 3, false)).kvs()).isEmpty();
  }

  @Test
  void paginatedRangeSeesOneRevisionWhileWritesContinue() {
    for (int i = 0; i < 10; i++) {
      store.create(key("/p/" + i), val("v" + i));
    }
    RangeRequest request = RangeRequest.prefix(key("/p/")).withLimit(4);

    RangeResult page1 = store.range(request);
    assertThat(page1.kvs()).hasSize(4);
    assertThat(page1.more()).isTrue();
    assertThat(page1.count()).isEqualTo(10);
    long rev = page1.revision();

    store.delete(key("/p/5"), 0);
    store.update(key("/p/6"), val("changed"), 0);
    store.create(key("/p/55"), val("new"));

    List<KeyValue> seen = new ArrayList<>(page1.kvs());
    RangeResult page = page1;
    while (page.more()) {
      Bytes last = page.kvs().get(page.kvs().size() - 1).key();
      page = store.range(request.atRevision(rev).from(Bytes.wrap(append(last.unsafeArray(), (byte) 0))));
      assertThat(page.revision()).isEqualTo(rev);
      seen.addAll(page.kvs());
    }

    assertThat(seen).extracting(kv -> kv.key().utf8())
        .containsExactly("/p/0", "/p/1", "/p/2", "/p/3", "/p/4", "/p/5", "/p/6", "/p/7", "/p/8", "/p/9");
    assertThat(seen).allSatisfy(kv -> assertThat(kv.value().utf8()).startsWith("v"));
    assertThat(store.range(request.withLimit(0)).count()).isEqualTo(10);
  }

  @Test
  void countOnlyCountsWithoutReturningKvs() {
    for (int i = 0; i < 5; i++) {
      store.create(key("/c/" + i), val("v"));
    }
    store.delete(key("/c/0"), 0);

    RangeResult counted = store.range(new RangeRequest(key("/c/"), key("/c/").prefixEnd(), 0, 0, true));
    assertThat(counted.kvs()).isEmpty();
    assertThat(counted.count()).isEqualTo(4);
    assertThat(store.range(new RangeRequest(key("/c/"), key("/c/").prefixEnd(), 0, 5, true)).count()).isEqualTo(5);
  }

  @Test
  void compactionKeepsLatestLiveVersionsAndRejectsOlderReads() {
    store.create(key("a"), val("a1"));      // 1
    store.update(key("a"), val("a2"), 0);   // 2
    store.create(key("b"), val("b1"));      // 3
    store.delete(key("b"), 0);              // 4
    store.create(key("c"), val("c1"));      // 5
    store.update(key("a"), val("a3"), 0);   // 6

    store.compact(5);

    assertThat(store.compactRevision()).isEqualTo(5);
    assertThatThrownBy(() -> store.get(key("a"), 5)).isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> store.range(RangeRequest.prefix(Bytes.EMPTY).atRevision(2)))
        .isInstanceOf(CompactedException.class)
        .satisfies(e -> assertThat(((CompactedException) e).compactRevision()).isEqualTo(5));
    assertThat(store.range(RangeRequest.prefix(Bytes.EMPTY).atRevision(6)).kvs())
        .extracting(kv -> kv.key().utf8() + "=" + kv.value().utf8())
        .containsExactly("a=a3", "c=c1");
    assertThat(store.get(key("c"), 6).map(KeyValue::modRevision)).contains(5L);
    assertThat(store.get(key("b"), 6)).isEmpty();
    assertThat(store.get(key("a"))).contains(new KeyValue(key("a"), Bytes.of("a3"), 1, 6, 3));
  }

  @Test
  void compactionKeepsVersionLiveAtTheCompactRevisionReadableLater() {
    store.create(key("a"), val("a1"));      // 1
    store.update(key("a"), val("a2"), 0);   // 2
    store.create(key("x"), val("x"));       // 3
    store.update(key("a"), val("a3"), 0);   // 4

    store.compact(3);

    assertThat(store.get(key("a"), 4).map(KeyValue::value)).contains(Bytes.of("a3"));
    store.compact(4);
    assertThat(store.get(key("a")).map(KeyValue::value)).contains(Bytes.of("a3"));
    assertThat(store.range(RangeRequest.prefix(Bytes.EMPTY)).count()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void readsAtAPinnedRevisionAreExactOrCompactedWhileCompactionAndWritesRun() throws Exception {
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 40; i++) {
        Bytes k = key("/pin/" + i);
        if (round == 0) {
          store.create(k, val("r0"));
        } else {
          store.update(k, val("r" + round), 0);
        }
      }
    }
    long pinned = store.currentRevision();
    RangeResult expected = store.range(RangeRequest.prefix(key("/pin/")).atRevision(pinned));
    Optional<KeyValue> expectedOne = store.get(key("/pin/7"), pinned);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch firstExactRead = new CountDownLatch(1);
    Future<?> churn = pool.submit(() -> {
      firstExactRead.await();
      for (int i = 0; i < 300; i++) {
        store.update(key("/pin/" + (i % 40)), val("later" + i), 0);
        if (i % 10 == 0) {
          store.compact(pinned - 100 + i);
        }
      }
      return null;
    });
    long exact = 0;
    long compacted = 0;
    while (!churn.isDone() || compacted == 0) {
      try {
        assertThat(store.range(RangeRequest.prefix(key("/pin/")).atRevision(pinned))).isEqualTo(expected);
        assertThat(store.get(key("/pin/7"), pinned)).isEqualTo(expectedOne);
        exact++;
        firstExactRead.countDown();
      } catch (CompactedException e) {
        compacted++;
        assertThat(e.compactRevision()).isGreaterThanOrEqualTo(pinned);
        if (churn.isDone()) {
          break;
        }
      }
      if (churn.isDone() && store.compactRevision() < pinned) {
        store.compact(pinned);
      }
    }
    churn.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(exact).isPositive();
    assertThat(compacted).isPositive();
  }

  @Test
  void compactNeverGoesAboveCurrentRevisionOrBackwards() {
    store.create(key("a"), val("1"));
    store.create(key("b"), val("1"));

    store.compact(100);
    assertThat(store.compactRevision()).isEqualTo(2);
    store.compact(1);
    assertThat(store.compactRevision()).isEqualTo(2);
    assertThat(store.range(RangeRequest.prefix(Bytes.EMPTY)).count()).isEqualTo(2);
  }

  @Test
  @Timeout(60)
  void racingCompareAndSwapUpdatesApplyExactlyOncePerObservedRevision() throws Exception {
    Bytes counter = key("/counter");
    store.create(counter, val("0"));
    int threads = 4;
    int incrementsPerThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      conflicts.add(pool.submit(() -> {
        int conflicted = 0;
        for (int done = 0; done < incrementsPerThread; ) {
          KeyValue kv = store.get(counter).orElseThrow();
          int next = Integer.parseInt(kv.value().utf8()) + 1;
          if (store.update(counter, val(Integer.toString(next)), kv.modRevision()).applied()) {
            done++;
          } else {
            conflicted++;
          }
        }
        return conflicted;
      }));
    }
    for (Future<Integer> f : conflicts) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    KeyValue last = store.get(counter).orElseThrow();
    assertThat(last.value().utf8()).isEqualTo(Integer.toString(threads * incrementsPerThread));
    assertThat(last.version()).isEqualTo(1 + threads * incrementsPerThread);
    assertThat(store.currentRevision()).isEqualTo(1 + threads * incrementsPerThread);
  }

  @Test
  void operationsAfterCloseFail() {
    store.close();

    assertThatThrownBy(() -> store.create(key("a"), val("1"))).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.get(key("a"))).isInstanceOf(StoreException.class);
  }

  @Test
  void keysAndValuesAreArbitraryBytes() {
    Bytes k1 = Bytes.wrap(new byte[] {1, 0, 2});
    Bytes k2 = Bytes.wrap(new byte[] {1});
    Bytes k3 = Bytes.wrap(new byte[] {1, 0});
    Bytes k4 = Bytes.wrap(new byte[] {(byte) 0xff, 0});
    for (Bytes k : List.of(k1, k2, k3, k4)) {
      applied(store.create(k, new byte[] {0, (byte) 0xff}));
    }
    store.update(k3, new byte[] {7}, 0);

    assertThat(store.range(RangeRequest.prefix(Bytes.EMPTY)).kvs()).extracting(KeyValue::key)
        .containsExactly(k2, k3, k1, k4);
    assertThat(store.range(RangeRequest.prefix(k2).atRevision(4)).kvs()).extracting(KeyValue::key)
        .containsExactly(k2, k3, k1);
    assertThat(store.get(k3, 4).map(KeyValue::value)).contains(Bytes.wrap(new byte[] {0, (byte) 0xff}));
    assertThat(store.get(k3).map(KeyValue::value)).contains(Bytes.wrap(new byte[] {7}));
  }


  private static byte[] append(byte[] a, byte b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
