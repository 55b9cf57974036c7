package dev.klite.controller.gc;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.gc.GcPlanner.OwnerState;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One garbage-collection pass over every resource type: builds the {@link OwnerGraph} from the
 * informer caches (pods, jobs, cronjobs, nodes, namespaces: the types that own and are owned
 * most) plus a relist of every other listable, deletable type from discovery, asks
 * {@link GcPlanner} what to do and does it.
 *
 * <p>Why relists rather than one informer per type (upstream's {@code GraphBuilder} monitors):
 * in a klite cluster the other types (configmaps, secrets, services, ...) are many but rarely
 * owned; a metadata-only, paginated list of each every {@code relistPeriod} keeps no cache of them.
 * A relist is also forced when an informed object is deleted or starts deleting (its dependents of
 * relisted types must be seen now), and after any action on a relisted object, so stale copies are
 * not acted on twice. Events are excluded, as upstream's
 * {@code DefaultIgnoredResources}.
 */
public final class GraphSweep implements Reconciler {

  private static final Logger log = LoggerFactory.getLogger(GraphSweep.class);
  static final Duration MIN_RELIST_INTERVAL = Duration.ofSeconds(1);
  private static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

  private final Map<ResourceType, Lister<? extends HasMetadata>> informed;
  private final GcControl control;
  private final Clock clock;
  private final Duration relistPeriod;
  /**
   * The relisted objects a pass can act on: those with owners or being deleted. The rest (most ConfigMaps and
   * Secrets) only matter as possible owners, looked up in {@link #relistedByUid}: a graph of every relisted object per
   * pass was most of the collector's cost in a cluster holding tens of thousands of them.
   */
  private List<GcObject> relisted = List.of();
  private Map<String, GcObject> relistedByUid = Map.of();
  private Map<String, ResourceType> kinds = Map.of();
  private Instant lastRelist;
  /** Set by informer threads when an owner goes: its dependents of relisted types must be seen by the next pass. */
  private volatile boolean relistRequested;

  public GraphSweep(Map<ResourceType, Lister<? extends HasMetadata>> informed, GcControl control, Clock clock,
      Duration relistPeriod) {
    this.informed = Map.copyOf(informed);
    this.control = Objects.requireNonNull(control);
    this.clock = Objects.requireNonNull(clock);
    this.relistPeriod = Objects.requireNonNull(relistPeriod);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Instant now = clock.instant();
    boolean due = lastRelist == null || !now.isBefore(lastRelist.plus(relistPeriod));
    // A requested relist waits for MIN_RELIST_INTERVAL after the last one: a Job's pods going one by one request
    // one each, and one relist serves them all.
    if (due || (relistRequested && !now.isBefore(lastRelist.plus(MIN_RELIST_INTERVAL)))) {
      relistRequested = false;
      relist();
      lastRelist = now;
    }
    List<GcObject> objects = new ArrayList<>(relisted);
    // Only objects a pass can act on; owners without owners of their own are looked up when a reference needs them.
    informed.forEach((type, lister) -> lister.listAll().stream().filter(GraphSweep::actionable)
        .forEach(o -> add(objects, type, o)));
    OwnerGraph graph = new OwnerGraph(objects);
    Map<String, OwnerState> verified = new HashMap<>();
    List<GcAction> actions = GcPlanner.plan(graph, (ref, dependent) -> verified.computeIfAbsent(ref.getUid(),
        uid -> resolve(graph, ref, dependent)));
    int failures = 0;
    for (GcAction action : actions) {
      try {
        perform(action);
        if (!informed.containsKey(action.target().type())) {
          lastRelist = null;
        }
      } catch (KubernetesClientException e) {
        failures++;
        log.debug("garbage collector: {} failed: {}", action, e.getMessage());
      }
    }
    if (failures > 0) {
      throw new IllegalStateException(failures + " of " + actions.size() + " garbage collector actions failed");
    }
    Instant next = lastRelist == null ? now
        : lastRelist.plus(relistRequested ? MIN_RELIST_INTERVAL : relistPeriod);
    return Result.requeueAfter(Duration.between(now, next));
  }

  /**
   * Makes the next pass relist: an informed object was deleted or started deleting, so objects of relisted types
   * (ConfigMaps, Secrets, ... owned by a Job, say) may now dangle or block it; without this they would wait for the
   * periodic relist.
   */
  void requestRelist() {
    relistRequested = true;
  }

  private void relist() {
    Map<String, ResourceType> byKind = new HashMap<>();
    informed.keySet().forEach(t -> byKind.put(kindKey(t.group(), t.kind()), t));
    List<GcObject> out = new ArrayList<>();
    List<ResourceType> types;
    try {
      Discovery.Snapshot snapshot = control.discover();
      snapshot.failure().ifPresent(f -> log.debug("garbage collector: partial discovery: {}", f));
      types = snapshot.types();
    } catch (KubernetesClientException e) {
      log.debug("garbage collector: discovery failed: {}", e.getMessage());
      types = List.of();
    }
    Set<String> informedResources = new java.util.HashSet<>();
    informed.keySet().forEach(t -> informedResources.add(t.group() + "/" + t.resource()));
    for (ResourceType t : types) {
      byKind.putIfAbsent(kindKey(t.group(), t.kind()), t);
      String id = t.group() + "/" + t.resource();
      if (informedResources.contains(id) || IGNORED.contains(id) || !t.supports("list") || !t.supports("delete")) {
        continue;
      }
      try {
        control.list(t).forEach(o -> add(out, t, o));
      } catch (KubernetesClientException e) {
        log.debug("garbage collector: cannot list {}: {}", t.gvrString(), e.getMessage());
      }
    }
    kinds = byKind;
    Map<String, GcObject> byUid = new HashMap<>();
    out.forEach(o -> byUid.put(o.uid(), o));
    relistedByUid = byUid;
    relisted = out.stream().filter(o -> !o.ownerReferences().isEmpty() || o.deleting()).toList();
  }

  private OwnerState resolve(OwnerGraph graph, OwnerReference ref, GcObject dependent) {
    if (ref.getUid() == null || ref.getName() == null || ref.getKind() == null) {
      return OwnerState.UNRESOLVED;
    }
    String apiVersion = ref.getApiVersion() == null ? "" : ref.getApiVersion();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    ResourceType type = kinds.get(kindKey(group, ref.getKind()));
    Optional<GcObject> cached = graph.get(ref.getUid())
        .or(() -> Optional.ofNullable(relistedByUid.get(ref.getUid())))
        .or(() -> informedOwner(type, ref, dependent));
    if (cached.isPresent()) {
      return cached.get().deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID;
    }
    if (type == null) {
      return OwnerState.UNRESOLVED;
    }
    if (type.namespaced() && dependent.namespace().isEmpty()) {
      // A cluster-scoped object cannot be owned by a namespaced one; upstream treats the owner as absent.
      return OwnerState.ABSENT;
    }
    try {
      Optional<HasMetadata> live = control.get(type, type.namespaced() ? dependent.namespace() : "", ref.getName());
      if (live.isEmpty() || !ref.getUid().equals(live.get().getMetadata().getUid())) {
        return OwnerState.ABSENT;
      }
      return GcObject.of(type, live.get()).deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID;
    } catch (KubernetesClientException e) {
      return OwnerState.UNRESOLVED;
    }
  }

  /** The owner from its informer's cache, by name, if it is there with the referenced uid. */
  private Optional<GcObject> informedOwner(ResourceType type, OwnerReference ref, GcObject dependent) {
    Lister<? extends HasMetadata> lister = type == null ? null : informed.get(type);
    if (lister == null) {
      return Optional.empty();
    }
    return lister.get(type.namespaced() ? dependent.namespace() : "", ref.getName())
        .filter(o -> o.getMetadata() != null && ref.getUid().equals(o.getMetadata().getUid()))
        .map(o -> GcObject.of(type, o));
  }

  /** Whether a pass can act on the object itself: it has owners, or its deletion is under way. */
  private static boolean actionable(HasMetadata o) {
    return o.getMetadata() != null && ((o.getMetadata().getOwnerReferences() != null
        && !o.getMetadata().getOwnerReferences().isEmpty()) || o.getMetadata().getDeletionTimestamp() != null);
  }

  private void perform(GcAction action) {
    if (action instanceof GcAction.Delete d) {
      log.debug("garbage collector: deleting {} with propagation {}", d.target(), d.propagationPolicy());
      control.delete(d.target(), d.propagationPolicy());
    } else {
      GcPatches.forAction(action).ifPresent(p -> control.patch(action.target(), p));
    }
  }

  /** Objects without a uid (never stored by a real API server) cannot be owners or be verified. */
  private static void add(List<GcObject> into, ResourceType type, HasMetadata o) {
    if (o.getMetadata() != null && o.getMetadata().getUid() != null && o.getMetadata().getName() != null) {
      into.add(GcObject.of(type, o));
    }
  }

  private static String kindKey(String group, String kind) {
    return group + "/" + kind;
  }
}
