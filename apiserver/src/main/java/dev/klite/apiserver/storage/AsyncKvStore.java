package dev.klite.apiserver.storage;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.FutureRevisionException;
import dev.klite.store.KeyValue;
import dev.klite.store.KvStore;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import dev.klite.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The only caller of the blocking {@link KvStore}: runs every call on the bounded, named worker
 * pool {@code kv-store} and answers with a Vert.x {@link Future} completed on the caller's
 * context. {@link CompactedException} becomes 410 Expired and {@link FutureRevisionException}
 * 504 Timeout, as upstream's etcd3 store interprets them
 * (staging/src/k8s.io/apiserver/pkg/storage/errors.go). CAS outcomes go up unchanged.
 */
public final class AsyncKvStore implements AutoCloseable {
  private final KvStore store;
  private final WorkerExecutor executor;

  public AsyncKvStore(Vertx vertx, KvStore store, int poolSize) {
    this.store = store;
    this.executor = vertx.createSharedWorkerExecutor("kv-store", poolSize, 60, TimeUnit.SECONDS);
  }

  /** The wrapped store, for blocking callers that are already off the event loop. */
  public KvStore blocking() {
    return store;
  }

  public Future<Optional<KeyValue>> get(Bytes key) {
    return run(() -> store.get(key, 0));
  }

  public Future<RangeResult> range(RangeRequest request) {
    return run(() -> store.range(request));
  }

  public Future<WriteResult> create(Bytes key, byte[] value) {
    return run(() -> store.create(key, value));
  }

  public Future<WriteResult> update(Bytes key, byte[] value, long expectedModRevision) {
    return run(() -> store.update(key, value, expectedModRevision));
  }

  public Future<WriteResult> delete(Bytes key, long expectedModRevision) {
    return run(() -> store.delete(key, expectedModRevision));
  }

  public Future<Long> currentRevision() {
    return run(store::currentRevision);
  }

  /** Starts a watch; a compacted start revision fails the future with 410 Expired. */
  public Future<Watch> watch(WatchRequest request, WatchListener listener) {
    return run(() -> store.watch(request, listener));
  }

  /**
   * Runs several blocking store calls as one task on the pool (e.g. the pages of a filtered
   * list at one revision); store exceptions thrown by {@code work} are translated as above.
   */
  public <T> Future<T> call(java.util.function.Function<KvStore, T> work) {
    return run(() -> work.apply(store));
  }

  public Future<Void> compact(long revision) {
    return run(() -> {
      store.compact(revision);
      return null;
    });
  }

  private <T> Future<T> run(Callable<T> call) {
    try {
      return submit(call);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down: the pool is closed; callers see a failed future, never a throw.
      return Future.failedFuture(ApiException.internal("the store is shutting down"));
    }
  }

  private <T> Future<T> submit(Callable<T> call) {
    return executor.executeBlocking(() -> {
      try {
        return call.call();
      } catch (CompactedException e) {
        throw tooOld(e.requestedRevision(), e.compactRevision());
      } catch (FutureRevisionException e) {
        throw tooLarge(e.requestedRevision(), e.currentRevision());
      }
    }, false);
  }

  /** 410 {@code too old resource version: X (Y)} as the watch cache words it. */
  public static ApiException tooOld(long requested, long compacted) {
    return ApiException.expired("too old resource version: " + requested + " (" + compacted + ")");
  }

  /** 504 as upstream's NewTooLargeResourceVersionError (storage/errors.go). */
  public static ApiException tooLarge(long requested, long current) {
    return new ApiException(504, "Timeout",
        "Too large resource version: " + requested + ", current: " + current, null, null, null,
        List.of(new StatusCause("ResourceVersionTooLarge", "Too large resource version", "")), 1);
  }

  @Override
  public void close() {
    executor.close();
  }
}
