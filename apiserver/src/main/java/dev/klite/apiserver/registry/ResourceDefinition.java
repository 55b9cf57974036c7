package dev.klite.apiserver.registry;

import dev.klite.apiserver.table.TableConvertor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One served resource. Registered once; discovery, OpenAPI, tables, field selectors and routes
 * are all derived from this.
 *
 * @param group API group, "" for core
 * @param version e.g. "v1"
 * @param kind e.g. "Job"
 * @param plural e.g. "jobs"
 * @param singular e.g. "job"
 * @param shortNames e.g. ["cj"]
 * @param categories e.g. ["all"]
 * @param namespaced whether objects live in a namespace
 * @param verbs discovery verbs of the main resource
 * @param subresources e.g. "status", "log", "binding"
 * @param strategy defaulting, validation and status rules
 * @param table the server-side printer
 * @param fieldSelectors extra field-selector fields (beyond metadata.name / metadata.namespace)
 *     mapped to a function that reads the value from an object ("" when absent)
 * @param modelClass the fabric8 model class of the kind, for OpenAPI schema generation
 * @param storage how the resource reads and writes another resource's storage, or null when it
 *     has its own (the usual case)
 */
public record ResourceDefinition(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    List<String> shortNames,
    List<String> categories,
    boolean namespaced,
    List<String> verbs,
    Set<String> subresources,
    ResourceStrategy strategy,
    TableConvertor table,
    Map<String, Function<ObjectNode, String>> fieldSelectors,
    Class<?> modelClass,
    StorageCodec storage) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public ResourceDefinition {
    Objects.requireNonNull(group);
    Objects.requireNonNull(version);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(plural);
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    verbs = List.copyOf(verbs);
    subresources = Set.copyOf(subresources);
    fieldSelectors = Map.copyOf(fieldSelectors);
    Objects.requireNonNull(strategy);
    Objects.requireNonNull(table);
  }

  /** A resource with its own storage. */
  public ResourceDefinition(String group, String version, String kind, String plural, String singular,
      List<String> shortNames, List<String> categories, boolean namespaced, List<String> verbs,
      Set<String> subresources, ResourceStrategy strategy, TableConvertor table,
      Map<String, Function<ObjectNode, String>> fieldSelectors, Class<?> modelClass) {
    this(group, version, kind, plural, singular, shortNames, categories, namespaced, verbs, subresources, strategy,
        table, fieldSelectors, modelClass, null);
  }

  /** "batch/v1", or "v1" for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** "jobs.batch" or "pods" (as in error messages). */
  public String qualifiedResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** "/apis/batch/v1" or "/api/v1". */
  public String pathPrefix() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }
}
