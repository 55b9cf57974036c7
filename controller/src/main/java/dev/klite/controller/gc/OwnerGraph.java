package dev.klite.controller.gc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: the uid → object and owner uid → dependents maps of one snapshot (upstream
 * {@code uidToNode} and {@code node.dependents} in {@code pkg/controller/garbagecollector/graph.go}).
 * Unlike upstream's incrementally maintained graph, it is rebuilt per sweep from informer caches
 * and lists, so it never needs virtual nodes.
 */
public final class OwnerGraph {

  private final Map<String, GcObject> byUid = new LinkedHashMap<>();
  private final Map<String, List<GcObject>> dependents = new HashMap<>();

  public OwnerGraph(Collection<GcObject> objects) {
    for (GcObject o : objects) {
      byUid.putIfAbsent(o.uid(), o);
    }
    for (GcObject o : byUid.values()) {
      o.ownerReferences().stream().map(r -> r.getUid()).distinct()
          .forEach(uid -> dependents.computeIfAbsent(uid, k -> new ArrayList<>()).add(o));
    }
  }

  public Optional<GcObject> get(String uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  /** Objects with an ownerReference to {@code ownerUid}; never {@code null}. */
  public List<GcObject> dependentsOf(String ownerUid) {
    return dependents.getOrDefault(ownerUid, List.of());
  }

  public Collection<GcObject> objects() {
    return byUid.values();
  }
}
