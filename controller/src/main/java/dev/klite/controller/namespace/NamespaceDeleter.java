package dev.klite.controller.namespace;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a terminating namespace and then releases its {@code kubernetes} finalizer (upstream
 * {@code namespacedResourcesDeleter.Delete} in
 * {@code pkg/controller/namespace/deletion/namespaced_resources_deleter.go}):
 * <ol>
 *   <li>live GET; nothing to do unless {@code deletionTimestamp} is set and {@code spec.finalizers}
 *       is non-empty; set {@code status.phase: Terminating} if the server has not;
 *   <li>for every namespaced type discovery lists with the {@code delete} verb: delete the
 *       collection (or each object), list again and tally what remains;
 *   <li>write the five deletion conditions ({@link NamespaceConditions}) when they changed;
 *   <li>errors: throw (rate-limited retry); content still terminating: run again after half the
 *       estimate, as upstream's {@code ResourcesRemainingError} handling does;
 *   <li>otherwise PUT {@code /finalize} without {@code kubernetes} (and DELETE the namespace if
 *       the server kept it although nothing holds it any more).
 * </ol>
 */
public final class NamespaceDeleter implements Reconciler {

  static final String FINALIZER = "kubernetes";
  private static final Logger log = LoggerFactory.getLogger(NamespaceDeleter.class);

  private final NamespaceControl control;
  private final Clock clock;

  public NamespaceDeleter(NamespaceControl control, Clock clock) {
    this.control = Objects.requireNonNull(control);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Namespace> found = control.get(key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() == null) {
      return Result.done();
    }
    Namespace ns = found.get();
    if (ns.getStatus() == null || !"Terminating".equals(ns.getStatus().getPhase())) {
      Namespace copy = new NamespaceBuilder(ns).editOrNewStatus().withPhase("Terminating").endStatus().build();
      ns = control.updateStatus(copy);
    }
    List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
        : ns.getSpec().getFinalizers();
    if (finalizers.isEmpty()) {
      return Result.done();
    }
    long estimate = deleteAllContent(ns);
    if (estimate > 0) {
      log.debug("namespace {}: content remains, estimate {} s", key.name(), estimate);
      return Result.requeueAfter(Duration.ofSeconds(estimate / 2));
    }
    Namespace finalize = new NamespaceBuilder(ns).editSpec()
        .withFinalizers(finalizers.stream().filter(f -> !FINALIZER.equals(f)).distinct().sorted().toList())
        .endSpec().build();
    control.finalizeNamespace(finalize);
    // A conformant API server deletes the namespace inside the finalize call (its
    // ShouldDeleteDuringUpdate), so this GET is a 404; one that only stored the update gets the
    // DELETE upstream's deleter issues when deleteNamespaceWhenDone is set.
    Optional<Namespace> kept = control.get(key.name());
    if (kept.isPresent() && ns.getMetadata().getUid().equals(kept.get().getMetadata().getUid())
        && kept.get().getMetadata().getDeletionTimestamp() != null
        && (kept.get().getSpec() == null || isEmpty(kept.get().getSpec().getFinalizers()))
        && isEmpty(kept.get().getMetadata().getFinalizers())) {
      control.deleteNamespace(kept.get());
    }
    return Result.done();
  }

  private static boolean isEmpty(List<String> list) {
    return list == null || list.isEmpty();
  }

  /** @return the estimate in seconds until remaining content is gone; throws if some type failed */
  private long deleteAllContent(Namespace ns) {
    String name = ns.getMetadata().getName();
    Optional<String> discoveryFailure;
    int failedGroups;
    List<ResourceType> types;
    try {
      Discovery.Snapshot snapshot = control.discover();
      discoveryFailure = snapshot.failure();
      failedGroups = snapshot.failedGroups().size();
      types = snapshot.namespaced("delete");
    } catch (KubernetesClientException e) {
      discoveryFailure = Optional.of(e.getMessage());
      failedGroups = 0;
      types = List.of();
    }
    List<String> errors = new ArrayList<>();
    Map<String, Integer> byResource = new HashMap<>();
    Map<String, Integer> byFinalizer = new HashMap<>();
    long estimate = 0;
    for (ResourceType type : types) {
      ContentRemaining left;
      try {
        left = deleteAll(type, name);
      } catch (KubernetesClientException e) {
        left = ContentRemaining.none();
        errors.add(e.getMessage());
      }
      left.error().ifPresent(errors::add);
      estimate = Math.max(estimate, left.estimateSeconds());
      if (left.remaining() > 0) {
        byResource.merge(type.resourceDotGroup(), left.remaining(), Integer::sum);
        left.finalizers().forEach((f, n) -> byFinalizer.merge(f, n, Integer::sum));
      }
    }
    NamespaceConditions.Pass pass = new NamespaceConditions.Pass(discoveryFailure, failedGroups, errors, byResource,
        byFinalizer);
    List<NamespaceCondition> current = ns.getStatus() == null ? List.of() : ns.getStatus().getConditions();
    Optional<List<NamespaceCondition>> updated = NamespaceConditions.apply(current, pass, clock.instant());
    if (updated.isPresent()) {
      try {
        control.updateStatus(new NamespaceBuilder(ns).editOrNewStatus().withConditions(updated.get()).endStatus()
            .build());
      } catch (KubernetesClientException e) {
        // Upstream only logs this (HandleError): the conditions are advisory, the next pass rewrites them.
        log.warn("namespace {}: could not update deletion conditions: {}", name, e.getMessage());
      }
    }
    if (discoveryFailure.isPresent() || !errors.isEmpty()) {
      List<String> all = new ArrayList<>();
      discoveryFailure.ifPresent(all::add);
      all.addAll(errors);
      throw new IllegalStateException(all.size() == 1 ? all.get(0) : "[" + String.join(", ", all) + "]");
    }
    return estimate;
  }

  private ContentRemaining deleteAll(ResourceType type, String namespace) {
    boolean isPods = type.group().isEmpty() && "pods".equals(type.resource());
    List<GenericKubernetesResource> before = null;
    long graceful = 0;
    if (isPods && type.supports("list")) {
      before = control.list(type, namespace);
      graceful = ContentRemaining.podGracePeriodEstimate(before);
    }
    boolean collected = type.supports("deletecollection") && control.deleteCollection(type, namespace);
    if (!collected) {
      if (!type.supports("list")) {
        return ContentRemaining.none();
      }
      for (GenericKubernetesResource o : before != null ? before : control.list(type, namespace)) {
        if (o.getMetadata().getDeletionTimestamp() == null) {
          control.delete(type, o);
        }
      }
    }
    if (!type.supports("list")) {
      return ContentRemaining.none();
    }
    return ContentRemaining.of(type, namespace, graceful, control.list(type, namespace));
  }
}
