package dev.klite.controller.gc;

import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic garbage collector: background, foreground and orphan deletion over the
 * ownerReferences of every resource type (upstream {@code pkg/controller/garbagecollector}).
 * All work is one {@link GraphSweep} pass at a time on one worker: a change seen by any shared
 * informer queues a pass after {@code batchPeriod}; a pass also re-runs itself every
 * {@code relistPeriod} to pick up the relisted types.
 */
public final class GarbageCollector implements AutoCloseable {

  static final ObjectKey SWEEP = new ObjectKey("", "garbage-collector");

  /** An informer the manager already runs, with the resource type its objects belong to. */
  public record Source(ResourceType type, SharedIndexInformer<? extends HasMetadata> informer) {}

  private final ControllerLoop loop;
  private final GraphSweep sweep;

  public GarbageCollector(List<Source> sources, GcControl control, Clock clock, Duration relistPeriod,
      Duration batchPeriod) {
    Map<ResourceType, Lister<? extends HasMetadata>> listers = new LinkedHashMap<>();
    for (Source s : sources) {
      listers.put(s.type(), lister(s.informer()));
    }
    // Upstream GC workqueues use the default controller rate limiter (5 ms .. 1000 s); 1 min cap here.
    sweep = new GraphSweep(listers, control, clock, relistPeriod);
    loop = new ControllerLoop("garbage-collector", "Graph", sweep,
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(1)), 1);
    for (Source s : sources) {
      addHandler(s.informer(), batchPeriod);
    }
  }

  private static <T extends HasMetadata> Lister<T> lister(SharedIndexInformer<T> informer) {
    return new InformerLister<>(informer);
  }

  private <T extends HasMetadata> void addHandler(SharedIndexInformer<T> informer, Duration batchPeriod) {
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        if (GraphChange.matters(obj)) {
          loop.enqueueAfter(SWEEP, batchPeriod);
        }
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (GraphChange.matters(oldObj, newObj)) {
          if (GraphChange.deletionStarted(oldObj, newObj)) {
            sweep.requestRelist();
          }
          loop.enqueueAfter(SWEEP, batchPeriod);
        }
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        sweep.requestRelist();
        loop.enqueueAfter(SWEEP, batchPeriod);
      }
    });
  }

  public ControllerLoop loop() {
    return loop;
  }

  public void start() {
    loop.start();
    loop.enqueue(SWEEP);
  }

  @Override
  public void close() {
    loop.close();
  }
}
