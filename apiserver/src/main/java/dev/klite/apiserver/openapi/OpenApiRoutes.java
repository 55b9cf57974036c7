package dev.klite.apiserver.openapi;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mounts {@code /openapi/v3} (the index, with {@code ?hash=} URLs that change when a document
 * changes, since kubectl caches by URL) and one generated document per group-version at
 * {@code /openapi/v3/api/v1} and {@code /openapi/v3/apis/<group>/<version>}
 * (staging/src/k8s.io/kube-openapi/pkg/handler3/handler.go), plus {@code /openapi/v2}
 * ({@link OpenApiV2Route}). Documents are built and serialised once at mount time.
 */
public final class OpenApiRoutes {
  private OpenApiRoutes() {}

  /** Adds the OpenAPI routes to {@code router}. */
  public static void mount(Router router, List<ResourceDefinition> defs) {
    Objects.requireNonNull(router);
    Map<String, byte[]> docs = documents(Objects.requireNonNull(defs));
    ObjectNode index = Json.object();
    ObjectNode paths = index.putObject("paths");
    for (Map.Entry<String, byte[]> e : docs.entrySet()) {
      String url = "/openapi/v3/" + e.getKey();
      paths.putObject(e.getKey()).put("serverRelativeURL", url + "?hash=" + hash(e.getValue()));
      Buffer body = Buffer.buffer(e.getValue());
      String etag = "\"" + hash(e.getValue()) + "\"";
      router.get(url).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("ETag", etag).end(body));
    }
    Buffer indexBody = Buffer.buffer(Json.bytes(index));
    router.get("/openapi/v3").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(indexBody));
    OpenApiV2Route.mount(router, defs);
  }

  /** The serialised documents keyed by index path ({@code api/v1}, {@code apis/batch/v1}). */
  static Map<String, byte[]> documents(List<ResourceDefinition> defs) {
    Map<String, List<ResourceDefinition>> byGv = new LinkedHashMap<>();
    for (ResourceDefinition d : defs) byGv.computeIfAbsent(d.apiVersion(), k -> new ArrayList<>()).add(d);
    Map<String, byte[]> out = new LinkedHashMap<>();
    byGv.forEach((gv, list) -> out.put(indexKey(gv), Json.bytes(OpenApiDocument.build(gv, list))));
    return out;
  }

  static String indexKey(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  /** Upstream uses the upper-case hex SHA-512 of the document. */
  static String hash(byte[] document) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(document));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is always available", e);
    }
  }
}
