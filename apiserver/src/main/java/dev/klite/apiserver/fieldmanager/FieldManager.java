package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.fieldmanager.ManagedFields.Entry;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.openapi.UnknownFields;
import dev.klite.apiserver.patch.Patcher;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership ({@code metadata.managedFields}) for every write, as
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/fieldmanager.go and
 * sigs.k8s.io/structured-merge-diff/merge/update.go do it:
 * <ul>
 *   <li>Update (create, PUT, non-apply PATCH): the writer gains the fields it added or changed,
 *       other managers lose the fields it changed or removed;</li>
 *   <li>Apply (server-side apply): the applied configuration is merged into the live object;
 *       changing a field another manager owns is a 409 conflict unless {@code force}, which
 *       takes the field over; fields the applier owned before and no longer applies are removed
 *       when nobody else owns them; the applier then owns exactly its configuration.</li>
 * </ul>
 * The main resource never owns {@code status} and the status subresource owns only
 * {@code status} (the strategies' reset fields). Pure and thread-safe; never blocks.
 */
public final class FieldManager {
  private final Clock clock;

  public FieldManager(Clock clock) {
    this.clock = clock;
  }

  /** Records a create by {@code manager} on the object about to be created (in place). */
  public ObjectNode create(ResourceDefinition def, ObjectNode obj, String manager) {
    return update(def, null, obj, manager, "");
  }

  /**
   * Records an Update by {@code manager} from {@code live} (null on create) to {@code proposed},
   * writing the new managedFields into {@code proposed}, which is returned.
   *
   * @param subresource "" or "status"
   */
  public ObjectNode update(ResourceDefinition def, ObjectNode live, ObjectNode proposed, String manager,
      String subresource) {
    List<Entry> entries = baseline(live, proposed);
    FieldSet before = live == null ? FieldSet.EMPTY : scope(ObjectFields.of(live, def.modelClass()), def, subresource);
    FieldSet after = scope(ObjectFields.of(proposed, def.modelClass()), def, subresource);
    FieldSet removed = before.minus(after);
    FieldSet added = after.minus(before);
    FieldSet modified = ObjectFields.changed(before.intersect(after), before.union(after), live, proposed);
    FieldSet taken = modified.union(removed);
    List<Entry> out = new ArrayList<>();
    Entry self = null;
    for (Entry e : entries) {
      if (e.sameIdentity(manager, ManagedFields.UPDATE, def.apiVersion(), subresource)) {
        self = e;
      } else {
        out.add(e.withFields(e.fields().minus(taken)));
      }
    }
    FieldSet mine = (self == null ? FieldSet.EMPTY : self.fields().minus(removed)).union(added).union(modified);
    out.add(stamp(self, manager, ManagedFields.UPDATE, def.apiVersion(), subresource, mine));
    ObjectMeta.of(proposed).setManagedFields(ManagedFields.encode(out));
    return proposed;
  }

  /**
   * Server-side apply of {@code config} by {@code manager} onto {@code live} (null: the object
   * does not exist yet). Returns the new object with its managedFields.
   *
   * @throws ApiException 409 with FieldManagerConflict causes; 400 when the configuration carries
   *     managedFields; 500 (as upstream) when it has fields the kind does not declare
   */
  public ObjectNode apply(ResourceDefinition def, ObjectNode live, ObjectNode config, String manager, boolean force,
      String subresource) {
    if (ObjectMeta.of(config).managedFields() != null) throw ApiException.badRequest("metadata.managedFields must be nil");
    ApplyErrors.checkDeclared(def, config, UnknownFields.find(config, def.modelClass()));
    ObjectNode merged = live == null ? config.deepCopy() : Patcher.mergeApplied(live, config);
    FieldSet applied = scope(ObjectFields.of(config, def.modelClass()), def, subresource);
    FieldSet before = live == null ? FieldSet.EMPTY : scope(ObjectFields.of(live, def.modelClass()), def, subresource);
    FieldSet after = scope(ObjectFields.of(merged, def.modelClass()), def, subresource);
    FieldSet changes = ObjectFields.changed(before.intersect(after), before.union(after), live, merged)
        .union(after.minus(before)).intersect(applied);
    List<Entry> entries = live == null ? new ArrayList<>() : ManagedFields.decode(ObjectMeta.of(live).managedFields());
    Entry self = null;
    List<Entry> others = new ArrayList<>();
    List<ApplyErrors.Conflict> conflicts = new ArrayList<>();
    for (Entry e : entries) {
      if (e.sameIdentity(manager, ManagedFields.APPLY, def.apiVersion(), subresource)) {
        self = e;
        continue;
      }
      FieldSet clash = e.fields().intersect(changes);
      if (!clash.isEmpty()) conflicts.add(new ApplyErrors.Conflict(e, clash));
      others.add(force ? e.withFields(e.fields().minus(clash)) : e);
    }
    if (!conflicts.isEmpty() && !force) throw ApplyErrors.conflict(conflicts);
    FieldSet kept = applied;
    for (Entry e : others) kept = kept.union(e.fields());
    FieldSet previous = self == null ? FieldSet.EMPTY : self.fields();
    ObjectFields.remove(merged, prunable(previous.minus(kept), kept));
    FieldSet removed = before.minus(scope(ObjectFields.of(merged, def.modelClass()), def, subresource));
    List<Entry> out = new ArrayList<>();
    for (Entry e : others) out.add(e.withFields(e.fields().minus(removed)));
    out.add(stamp(self, manager, ManagedFields.APPLY, def.apiVersion(), subresource, applied));
    ObjectMeta.of(merged).setManagedFields(ManagedFields.encode(out));
    return merged;
  }

  /** Dropped fields, except containers that still hold fields someone keeps. */
  private static Set<FieldPath> prunable(FieldSet dropped, FieldSet kept) {
    Set<FieldPath> keptPrefixes = new HashSet<>();
    for (FieldPath p : kept.paths()) {
      for (int i = 1; i < p.elements().size(); i++) keptPrefixes.add(new FieldPath(p.elements().subList(0, i)));
    }
    Set<FieldPath> out = new HashSet<>();
    for (FieldPath p : dropped.paths()) {
      if (!keptPrefixes.contains(p)) out.add(p);
    }
    return out;
  }

  /** The entries a write starts from: the live ones, unless the request replaced them itself. */
  private static List<Entry> baseline(ObjectNode live, ObjectNode proposed) {
    JsonNode sent = ObjectMeta.of(proposed).managedFields();
    JsonNode stored = live == null ? null : ObjectMeta.of(live).managedFields();
    if (sent != null && sent.isArray() && !sent.equals(stored)) {
      // A single empty entry is upstream's documented way to clear managedFields.
      if (sent.size() == 1 && sent.get(0).isEmpty()) return new ArrayList<>();
      if (!sent.isEmpty()) return ManagedFields.decode(sent);
    }
    return ManagedFields.decode(stored);
  }

  /** Keeps the entry's time when its fields did not change (upstream only stamps real changes). */
  private Entry stamp(Entry previous, String manager, String operation, String apiVersion, String subresource,
      FieldSet fields) {
    String time = previous != null && previous.fields().equals(fields) && previous.apiVersion().equals(apiVersion)
        ? previous.time() : ObjectMeta.timestamp(clock.instant());
    return new Entry(manager, operation, apiVersion, time, subresource, fields);
  }

  private static FieldSet scope(FieldSet set, ResourceDefinition def, String subresource) {
    FieldPath status = FieldPath.ROOT.field("status");
    Set<FieldPath> out = new HashSet<>();
    for (FieldPath p : set.paths()) {
      boolean isStatus = p.startsWith(status);
      if (subresource.equals("status") ? isStatus : !(isStatus && def.hasStatus())) out.add(p);
    }
    return FieldSet.of(out);
  }
}
