package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events from component {@code kubelet} (source.host = node) on its own thread, as client-go's event
 * broadcaster does; names are {@code <pod>.<hex nanos>} ({@code tools/record/event.go} makeEvent).
 */
public final class Fabric8EventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fabric8EventRecorder.class);
  private final KubernetesClient client;
  private final String nodeName;
  private final Clock clock;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kubelet-events");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong lastNanos = new AtomicLong();
  /**
   * Events already posted, by everything but their time: a repeat bumps {@code count} and {@code lastTimestamp} of
   * the existing Event instead of creating one, as client-go's EventCorrelator does ({@code tools/record/
   * events_cache.go} eventLogger, LRU of 4096), so that a probe failing every period shows as one "(x12 over 2m)".
   * Touched only on the events thread.
   */
  private final Map<String, Event> posted = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
      return size() > 4096;
    }
  };

  public Fabric8EventRecorder(KubernetesClient client, String nodeName, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  @Override
  public void record(Pod pod, String fieldPath, String type, String reason, String message) {
    ObjectReference ref = new ObjectReferenceBuilder().withKind("Pod").withApiVersion("v1")
        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
        .withFieldPath(fieldPath).build();
    post(pod.getMetadata().getNamespace(), ref, type, reason, message);
  }

  /**
   * An event about this kubelet's Node. Like upstream ({@code pkg/kubelet/kubelet.go} nodeRef) the reference uses
   * the node name as uid, and events about cluster-scoped objects go to namespace {@code default}.
   */
  public void recordNode(String type, String reason, String message) {
    ObjectReference ref = new ObjectReferenceBuilder().withKind("Node").withName(nodeName).withUid(nodeName)
        .build();
    post("default", ref, type, reason, message);
  }

  private void post(String ns, ObjectReference ref, String type, String reason, String message) {
    Instant now = clock.instant();
    long nanos = lastNanos.updateAndGet(prev -> Math.max(prev + 1, now.getEpochSecond() * 1_000_000_000L
        + now.getNano()));
    String ts = Rfc3339.seconds(now);
    Event event = new EventBuilder()
        .withNewMetadata().withName(ref.getName() + "." + Long.toHexString(nanos)).withNamespace(ns)
        .endMetadata()
        .withInvolvedObject(ref)
        .withReason(reason).withMessage(message).withType(type)
        .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
        .withFirstTimestamp(ts).withLastTimestamp(ts).withCount(1)
        .withReportingComponent("kubelet").withReportingInstance(nodeName)
        .build();
    String key = String.join("\u0000", ns, ref.getKind(), ref.getName(), String.valueOf(ref.getUid()),
        String.valueOf(ref.getFieldPath()), type, reason, message);
    executor.execute(() -> {
      try {
        Event previous = posted.get(key);
        if (previous != null) {
          Event bumped = new EventBuilder(previous).withCount(previous.getCount() + 1).withLastTimestamp(ts).build();
          try {
            posted.put(key, client.v1().events().inNamespace(ns).resource(bumped).update());
            return;
          } catch (KubernetesClientException e) {
            // Deleted (TTL) or changed meanwhile: start a new series below.
            posted.remove(key);
          }
        }
        posted.put(key, client.v1().events().inNamespace(ns).resource(event).create());
      } catch (KubernetesClientException e) {
        log.warn("cannot record event {} {} for {} {}/{}: {}", type, reason, ref.getKind(), ns, ref.getName(),
            e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
