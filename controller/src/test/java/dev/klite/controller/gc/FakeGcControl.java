package dev.klite.controller.gc;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records the collector's writes; lists and live GETs answer from maps the test fills. */
final class FakeGcControl implements GcControl {

  final List<ResourceType> types = new ArrayList<>();
  final Map<ResourceType, List<HasMetadata>> listed = new HashMap<>();
  final Map<String, HasMetadata> live = new HashMap<>();
  final List<String> actions = new ArrayList<>();
  int lists;

  @Override
  public Snapshot discover() {
    return new Snapshot(types, List.of());
  }

  @Override
  public Optional<HasMetadata> get(ResourceType type, String namespace, String name) {
    actions.add("get " + type.resource() + " " + name);
    return Optional.ofNullable(live.get(type.resource() + "/" + name));
  }

  @Override
  public List<? extends HasMetadata> list(ResourceType type) {
    lists++;
    return listed.getOrDefault(type, List.of());
  }

  @Override
  public void delete(GcObject object, String propagationPolicy) {
    actions.add("delete " + object.name() + " " + propagationPolicy);
  }

  @Override
  public void patch(GcObject object, String jsonPatch) {
    actions.add("patch " + object.name());
  }
}
