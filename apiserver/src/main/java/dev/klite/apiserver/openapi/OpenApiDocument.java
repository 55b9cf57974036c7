package dev.klite.apiserver.openapi;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the OpenAPI v3 document of one group-version from the resource definitions: paths and
 * operations per verb (shaped like staging/src/k8s.io/apiserver/pkg/endpoints/installer.go
 * produces them, with {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}),
 * and component schemas generated from the fabric8 model classes. The PATCH operations declare a
 * {@code fieldValidation} parameter (kubectl then validates server-side) but deliberately not
 * {@code application/strategic-merge-patch+json}, so kubectl computes apply patches from the
 * {@code /openapi/v2} document (merge keys from {@link ListExtensions}) or its compiled-in types
 * (kubectl-wire.md §4.3).
 */
final class OpenApiDocument {
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final List<String> PATCH_TYPES =
      List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");

  private OpenApiDocument() {}

  static ObjectNode build(String groupVersion, List<ResourceDefinition> defs) {
    SchemaGenerator gen = new SchemaGenerator();
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.4");
    ObjectNode paths = doc.putObject("paths");
    for (ResourceDefinition d : defs) {
      String kindSchema = d.modelClass() == null ? objectSchema(gen, d) : gen.define(d.modelClass());
      ObjectNode kind = gen.schemas().get(kindSchema);
      kind.put("description", KindDescriptions.of(d.kind()));
      kind.putArray("x-kubernetes-group-version-kind").add(gvk(d, d.kind()));
      String listSchema = listSchema(gen, d, kindSchema);
      new Operations(d, kindSchema, listSchema).addTo(paths);
    }
    metaSchemas(gen);
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    gen.schemas().forEach(schemas::set);
    return doc;
  }

  /** A schema name for definitions without a model class: a free-form object. */
  private static String objectSchema(SchemaGenerator gen, ResourceDefinition d) {
    String name = "io.k8s.api." + (d.group().isEmpty() ? "core" : d.group()) + "." + d.version() + "." + d.kind();
    gen.schemas().putIfAbsent(name, Json.object().put("type", "object"));
    return name;
  }

  private static String listSchema(SchemaGenerator gen, ResourceDefinition d, String kindSchema) {
    String name = kindSchema + "List";
    ObjectNode list = Json.object();
    list.put("description", d.kind() + "List is a list of " + d.kind() + " objects.");
    list.put("type", "object");
    list.putArray("required").add("items");
    ObjectNode props = list.putObject("properties");
    props.putObject("apiVersion").put("type", "string");
    ObjectNode items = props.putObject("items");
    items.put("type", "array");
    ObjectNode item = items.putObject("items");
    item.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + kindSchema);
    item.putObject("default");
    props.putObject("kind").put("type", "string");
    ObjectNode meta = props.putObject("metadata");
    meta.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + META + "ListMeta");
    meta.putObject("default");
    list.putArray("x-kubernetes-group-version-kind").add(gvk(d, d.kind() + "List"));
    gen.schemas().put(name, list);
    return name;
  }

  /** The meta/v1 types operations refer to. */
  private static void metaSchemas(SchemaGenerator gen) {
    gen.define(io.fabric8.kubernetes.api.model.ListMeta.class);
    gen.define(io.fabric8.kubernetes.api.model.Status.class);
    gen.define(io.fabric8.kubernetes.api.model.DeleteOptions.class);
    gen.schemas().put(META + "Patch", Json.object().put("type", "object").put("description",
        "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));
  }

  static ObjectNode gvk(ResourceDefinition d, String kind) {
    ObjectNode gvk = Json.object();
    gvk.put("group", d.group());
    gvk.put("kind", kind);
    gvk.put("version", d.version());
    return gvk;
  }

  /** The operations of one resource. */
  private record Operations(ResourceDefinition d, String kindSchema, String listSchema) {
    void addTo(ObjectNode paths) {
      String prefix = d.pathPrefix() + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.plural();
      String kindPart = groupPart() + d.version().substring(0, 1).toUpperCase() + d.version().substring(1);
      String scope = d.namespaced() ? "Namespaced" : "";
      ObjectNode collection = Json.object();
      op(collection, "get", "list", "list" + kindPart + scope + d.kind(), listSchema, false, List.of("200"), listParams());
      op(collection, "post", "create", "create" + kindPart + scope + d.kind(), kindSchema, true,
          List.of("200", "201", "202"), writeParams(false));
      op(collection, "delete", "deletecollection", "deletecollection" + kindPart + scope + d.kind(),
          META + "Status", false, List.of("200"), listParams());
      put(paths, prefix, collection, d.namespaced(), false);
      ObjectNode item = Json.object();
      op(item, "get", "get", "read" + kindPart + scope + d.kind(), kindSchema, false, List.of("200"), List.of());
      op(item, "put", "update", "replace" + kindPart + scope + d.kind(), kindSchema, true, List.of("200", "201"),
          writeParams(false));
      op(item, "patch", "patch", "patch" + kindPart + scope + d.kind(), kindSchema, true, List.of("200", "201"),
          writeParams(true));
      op(item, "delete", "delete", "delete" + kindPart + scope + d.kind(), kindSchema, false, List.of("200", "202"),
          List.of("dryRun", "gracePeriodSeconds", "propagationPolicy"));
      put(paths, prefix + "/{name}", item, d.namespaced(), true);
      if (d.namespaced() && d.verbs().contains("list")) {
        ObjectNode all = Json.object();
        op(all, "get", "list", "list" + kindPart + d.kind() + "ForAllNamespaces", listSchema, false, List.of("200"),
            listParams());
        put(paths, d.pathPrefix() + "/" + d.plural(), all, false, false);
      }
      if (d.hasStatus()) {
        ObjectNode status = Json.object();
        op(status, "get", "get", "read" + kindPart + scope + d.kind() + "Status", kindSchema, false, List.of("200"),
            List.of());
        op(status, "put", "update", "replace" + kindPart + scope + d.kind() + "Status", kindSchema, true,
            List.of("200", "201"), writeParams(false));
        op(status, "patch", "patch", "patch" + kindPart + scope + d.kind() + "Status", kindSchema, true,
            List.of("200", "201"), writeParams(true));
        put(paths, prefix + "/{name}/status", status, d.namespaced(), true);
      }
    }

    private String groupPart() {
      if (d.group().isEmpty()) return "Core";
      StringBuilder sb = new StringBuilder();
      for (String part : d.group().split("\\.")) {
        if (part.equals("k8s") || part.equals("io")) continue;
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      return sb.toString();
    }

    private void put(ObjectNode paths, String path, ObjectNode item, boolean namespaced, boolean named) {
      if (item.isEmpty()) return;
      ArrayNode params = Json.array();
      if (named) params.add(pathParam("name", "name of the " + d.kind()));
      if (namespaced) params.add(pathParam("namespace", "object name and auth scope, such as for teams and projects"));
      params.add(queryParam("pretty", "string", "If 'true', then the output is pretty printed."));
      item.set("parameters", params);
      paths.set(path, item);
    }

    private void op(ObjectNode pathItem, String method, String action, String operationId, String responseSchema,
        boolean hasBody, List<String> codes, List<String> queryParams) {
      if (!d.verbs().contains(action)) return;
      ObjectNode op = pathItem.putObject(method);
      op.put("description", action + " " + d.kind());
      op.put("operationId", operationId);
      op.putArray("tags").add(groupPart().toLowerCase() + "_" + d.version());
      ArrayNode params = op.putArray("parameters");
      for (String q : queryParams) params.add(queryParam(q, q.equals("force") ? "boolean"
          : q.equals("gracePeriodSeconds") || q.equals("limit") || q.equals("timeoutSeconds") ? "integer"
          : q.equals("watch") || q.equals("allowWatchBookmarks") ? "boolean" : "string", description(q)));
      if (hasBody) {
        ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
        List<String> types = method.equals("patch") ? PATCH_TYPES : List.of("*/*");
        String bodySchema = method.equals("patch") ? META + "Patch" : kindSchema;
        for (String t : types) content.putObject(t).putObject("schema").put("$ref", "#/components/schemas/" + bodySchema);
      }
      ObjectNode responses = op.putObject("responses");
      for (String code : codes) {
        ObjectNode r = responses.putObject(code);
        r.put("description", code.equals("201") ? "Created" : code.equals("202") ? "Accepted" : "OK");
        ObjectNode content = r.putObject("content");
        for (String t : List.of("application/json", "application/yaml")) {
          content.putObject(t).putObject("schema").put("$ref", "#/components/schemas/" + responseSchema);
        }
      }
      responses.putObject("401").put("description", "Unauthorized");
      op.put("x-kubernetes-action", action.equals("update") ? "put" : action);
      op.set("x-kubernetes-group-version-kind", gvk(d, d.kind()));
    }

    private static List<String> listParams() {
      return List.of("allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "resourceVersion",
          "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch");
    }

    private static List<String> writeParams(boolean patch) {
      return patch ? List.of("dryRun", "fieldManager", "fieldValidation", "force")
          : List.of("dryRun", "fieldManager", "fieldValidation");
    }
  }

  private static final Map<String, String> PARAM_DOCS = Map.of(
      "dryRun", "When present, indicates that modifications should not be persisted.",
      "fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.",
      "fieldValidation", "fieldValidation instructs the server on how to handle objects in the request "
          + "(POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.",
      "force", "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields "
          + "owned by other people.");

  private static String description(String param) {
    return PARAM_DOCS.getOrDefault(param, param);
  }

  private static ObjectNode pathParam(String name, String description) {
    ObjectNode p = Json.object();
    p.put("name", name);
    p.put("in", "path");
    p.put("description", description);
    p.put("required", true);
    p.putObject("schema").put("type", "string").put("uniqueItems", true);
    return p;
  }

  private static ObjectNode queryParam(String name, String type, String description) {
    ObjectNode p = Json.object();
    p.put("name", name);
    p.put("in", "query");
    p.put("description", description);
    p.putObject("schema").put("type", type).put("uniqueItems", true);
    return p;
  }
}
