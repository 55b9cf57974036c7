package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events through fabric8, shaped as client-go's recorder makes them
 * ({@code staging/src/k8s.io/client-go/tools/record/event.go} {@code makeEvent}): name
 * {@code <object>.<hex unix nanos>}, the object's namespace, a full {@code involvedObject}
 * reference, {@code source.component}, {@code firstTimestamp = lastTimestamp}, {@code count: 1}.
 * Identical repeats are aggregated as {@code events_cache.go}'s {@code eventLogger} does: the
 * cached Event is patched with {@code count + 1} and a new {@code lastTimestamp}.
 */
public final class Fabric8EventRecorder implements EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(Fabric8EventRecorder.class);
  /** client-go keeps an LRU of this size ({@code maxLruCacheEntries}). */
  private static final int CACHE_SIZE = 4096;
  /** client-go's {@code maxQueuedEvents}. */
  static final int QUEUE_LIMIT = 1000;

  /** One writer thread, gone when idle, so that recorders need no closing. */
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(QUEUE_LIMIT), r -> {
        Thread t = new Thread(r, "event-recorder");
        t.setDaemon(true);
        return t;
      });

  private final KubernetesClient client;
  private final String component;
  private final String instance;
  private final Clock clock;
  private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  private record Seen(String namespace, String name, int count, String firstTimestamp) {}

  /**
   * @param component {@code source.component} and {@code reportingComponent} (e.g. {@code job-controller})
   * @param instance {@code reportingInstance}; upstream controllers leave it empty
   */
  public Fabric8EventRecorder(KubernetesClient client, String component, String instance, Clock clock) {
    this.client = Objects.requireNonNull(client);
    this.component = Objects.requireNonNull(component);
    this.instance = instance == null ? "" : instance;
    this.clock = Objects.requireNonNull(clock);
    writer.allowCoreThreadTimeOut(true);
  }

  /**
   * Queues the event and returns: as client-go's broadcaster, a controller never waits for its events to be written
   * (a synchronous write doubled the API round trips of every pod a Job creates). Events are written in order by one
   * thread; when {@value #QUEUE_LIMIT} are waiting, new ones are dropped with a warning, as upstream's
   * {@code DropIfChannelFull} broadcaster does ({@code client-go/tools/record/event.go}).
   */
  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    Instant now = clock.instant();
    try {
      writer.execute(() -> {
        try {
          record(object, type, reason, message, now);
        } catch (KubernetesClientException e) {
          log.warn("could not write event {} {} for {}/{}: {}", type, reason,
              object.getMetadata().getNamespace(), object.getMetadata().getName(), e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      log.warn("event queue full, dropping event {} {} for {}/{}", type, reason,
          object.getMetadata().getNamespace(), object.getMetadata().getName());
    }
  }

  private void record(HasMetadata object, String type, String reason, String message, Instant now) {
    String ts = Timestamps.format(now);
    String ns = namespaceOf(object);
    String cacheKey = String.join("\u0000", object.getMetadata().getUid() == null ? "" : object.getMetadata().getUid(),
        object.getKind(), ns, object.getMetadata().getName(), type, reason, message);
    Seen previous;
    synchronized (seen) {
      previous = seen.get(cacheKey);
    }
    if (previous != null) {
      int count = previous.count() + 1;
      String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + ts + "\"}";
      try {
        client.v1().events().inNamespace(previous.namespace()).withName(previous.name())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        remember(cacheKey, new Seen(previous.namespace(), previous.name(), count, previous.firstTimestamp()));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    Event event = newEvent(object, ns, type, reason, message, now);
    client.v1().events().inNamespace(ns).resource(event).create();
    remember(cacheKey, new Seen(ns, event.getMetadata().getName(), 1, ts));
  }

  Event newEvent(HasMetadata object, String ns, String type, String reason, String message, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    String ts = Timestamps.format(now);
    return new EventBuilder()
        .withNewMetadata()
          .withName(object.getMetadata().getName() + "." + Long.toHexString(nanos))
          .withNamespace(ns)
        .endMetadata()
        .withInvolvedObject(reference(object))
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource().withComponent(component).endSource()
        .withReportingComponent(component)
        .withReportingInstance(instance)
        .withFirstTimestamp(ts)
        .withLastTimestamp(ts)
        .withCount(1)
        .build();
  }

  private void remember(String key, Seen value) {
    synchronized (seen) {
      seen.put(key, value);
    }
  }

  /** Cluster-scoped objects (Nodes) get their events in {@code default}, as upstream. */
  private static String namespaceOf(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? "default" : ns;
  }

  public static ObjectReference reference(HasMetadata object) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .build();
  }

}
