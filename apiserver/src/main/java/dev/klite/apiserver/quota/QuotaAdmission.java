package dev.klite.apiserver.quota;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.CreateAdmission;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.registry.Updater;
import dev.klite.apiserver.resources.common.Quantities;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ResourceQuota admission of creates (upstream {@code plugin/pkg/admission/resourcequota},
 * {@code controller.go} {@code checkRequest}): a create whose usage would take a quota's
 * {@code status.used} above its {@code status.hard} is refused with 403 Forbidden
 * ({@code exceeded quota: <name>, requested: ..., used: ..., limited: ...}); an allowed one adds its
 * usage to every constraining quota's {@code status.used} before it is stored, re-checked on the
 * quota's latest version so concurrent creates cannot both take the last unit. As upstream, only
 * quotas whose {@code status.hard} the controller has filled constrain, and a quota missing the
 * usage of a constrained resource refuses with {@code status unknown for quota}. Updates are not
 * charged (upstream charges only pod resize and service type changes there).
 */
public final class QuotaAdmission implements CreateAdmission {

  private final Registry registry;
  private final ResourceDefinition quotas;

  public QuotaAdmission(Registry registry, ResourceDefinition quotas) {
    this.registry = registry;
    this.quotas = quotas;
  }

  @Override
  public Future<Void> admit(ResourceDefinition def, String namespace, ObjectNode object, boolean dryRun) {
    if (!def.namespaced() || namespace.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, BigDecimal> delta = ObjectUsage.of(def, object);
    return registry.list(quotas, namespace, ListOptions.everything(quotas)).compose(list -> {
      List<ObjectNode> constraining = new ArrayList<>();
      for (ObjectNode quota : list.items()) {
        if (!restricted(quota, delta).isEmpty() && ObjectUsage.matchesScopes(def, object, scopes(quota))) {
          // Checked on what was listed first, so a refusal changes no quota.
          check(def, object, quota, delta);
          constraining.add(quota);
        }
      }
      if (dryRun || constraining.isEmpty()) {
        return Future.succeededFuture();
      }
      constraining.sort(Comparator.comparing(q -> ObjectMeta.of(q).name()));
      Future<Void> chain = Future.succeededFuture();
      for (ObjectNode quota : constraining) {
        String name = ObjectMeta.of(quota).name();
        chain = chain.compose(v -> registry.guaranteedUpdate(quotas, namespace, name, Updater.Mode.STATUS, false,
            current -> {
              check(def, object, current, delta);
              return charge(current, delta);
            }).mapEmpty());
      }
      return chain;
    });
  }

  private static List<String> scopes(ObjectNode quota) {
    return Fields.strings(quota, "spec.scopes");
  }

  /** The resources of {@code status.hard} this object uses. */
  private static List<String> restricted(ObjectNode quota, Map<String, BigDecimal> delta) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : quota.path("status").path("hard").properties()) {
      if (delta.containsKey(e.getKey())) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  private static void check(ResourceDefinition def, ObjectNode object, ObjectNode quota, Map<String, BigDecimal> delta) {
    String quotaName = ObjectMeta.of(quota).name();
    JsonNode hard = quota.path("status").path("hard");
    JsonNode used = quota.path("status").path("used");
    List<String> restricted = restricted(quota, delta);
    List<String> unknown = restricted.stream().filter(r -> !used.has(r)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw forbidden(def, object, "status unknown for quota: " + quotaName + ", resource: " + String.join(",", unknown));
    }
    Map<String, String> requested = new TreeMap<>();
    Map<String, String> usedNow = new TreeMap<>();
    Map<String, String> limited = new TreeMap<>();
    for (String r : new TreeSet<>(restricted)) {
      BigDecimal h = Quantities.parse(hard.path(r).asString("")).orElse(BigDecimal.ZERO);
      BigDecimal u = Quantities.parse(used.path(r).asString("")).orElse(BigDecimal.ZERO);
      if (u.add(delta.get(r)).compareTo(h) > 0) {
        requested.put(r, QuotaFormat.format(delta.get(r), QuotaFormat.isBinary(used.path(r).asString(""))));
        usedNow.put(r, used.path(r).asString(""));
        limited.put(r, hard.path(r).asString(""));
      }
    }
    if (!requested.isEmpty()) {
      throw forbidden(def, object, "exceeded quota: " + quotaName + ", requested: " + pretty(requested)
          + ", used: " + pretty(usedNow) + ", limited: " + pretty(limited));
    }
  }

  private static ObjectNode charge(ObjectNode quota, Map<String, BigDecimal> delta) {
    ObjectNode used = Fields.ensureObject(quota, "status.used");
    for (String r : restricted(quota, delta)) {
      String current = used.path(r).asString("0");
      BigDecimal sum = Quantities.parse(current).orElse(BigDecimal.ZERO).add(delta.get(r));
      used.put(r, QuotaFormat.format(sum, QuotaFormat.isBinary(current)));
    }
    return quota;
  }

  private static String pretty(Map<String, String> list) {
    return list.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** admission.NewForbidden: {@code <resource> "<name>" is forbidden: <reason>}. */
  private static ApiException forbidden(ResourceDefinition def, ObjectNode object, String reason) {
    String name = ObjectMeta.of(object).name();
    return new ApiException(403, "Forbidden", ApiException.qualified(def.plural(), def.group()) + " \"" + name
        + "\" is forbidden: " + reason, name, def.group(), def.plural(), List.of());
  }
}
