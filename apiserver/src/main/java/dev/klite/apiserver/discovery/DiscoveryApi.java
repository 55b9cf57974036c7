package dev.klite.apiserver.discovery;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mounts {@code /version}, {@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/<group>} and {@code /apis/<group>/<version>}. {@code /api} and {@code /apis}
 * answer the aggregated form (apidiscovery.k8s.io v2 or v2beta1) when the Accept header asks
 * for it, labelled with the exact Content-Type kubectl checks, and the legacy form otherwise
 * (staging/src/k8s.io/apiserver/pkg/endpoints/discovery/aggregated/wrapper.go). All documents
 * are serialised once at mount time; handlers only write bytes and never block.
 */
public final class DiscoveryApi {
  public static final String V2_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  public static final String V2BETA1_CONTENT_TYPE =
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
  private static final String JSON = "application/json";

  private DiscoveryApi() {}

  /** Which form an Accept header asks for. */
  enum Form { LEGACY, V2, V2BETA1 }

  /** Adds the discovery routes to {@code router}. Call once, before catch-all resource routes. */
  public static void mount(Router router, List<ResourceDefinition> defs) {
    Objects.requireNonNull(router);
    DiscoveryDocuments docs = new DiscoveryDocuments(Objects.requireNonNull(defs));
    Buffer version = bytes(VersionInfo.document());
    Map<Form, Buffer> api = Map.of(Form.V2, bytes(docs.aggregated(true, "apidiscovery.k8s.io/v2")),
        Form.V2BETA1, bytes(docs.aggregated(true, "apidiscovery.k8s.io/v2beta1")));
    Map<Form, Buffer> apis = Map.of(Form.LEGACY, bytes(docs.apiGroupList()),
        Form.V2, bytes(docs.aggregated(false, "apidiscovery.k8s.io/v2")),
        Form.V2BETA1, bytes(docs.aggregated(false, "apidiscovery.k8s.io/v2beta1")));

    router.get("/version").handler(ctx -> write(ctx, JSON, version));
    router.get("/api").handler(ctx -> {
      Form form = negotiate(ctx.request().getHeader("Accept"));
      if (form == Form.LEGACY) {
        write(ctx, JSON, bytes(apiVersions(ctx)));
      } else {
        write(ctx, contentType(form), api.get(form));
      }
    });
    router.get("/apis").handler(ctx -> {
      Form form = negotiate(ctx.request().getHeader("Accept"));
      write(ctx, contentType(form), apis.get(form));
    });
    for (String gv : docs.groupVersions()) {
      Buffer list = bytes(docs.apiResourceList(gv));
      String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
      router.get(path).handler(ctx -> write(ctx, JSON, list));
    }
    for (String group : docs.groups().keySet()) {
      Buffer g = bytes(docs.apiGroup(group));
      router.get("/apis/" + group).handler(ctx -> write(ctx, JSON, g));
    }
  }

  /** The first media range of the Accept header we can serve decides (kubectl lists v2 first). */
  static Form negotiate(String accept) {
    if (accept == null) return Form.LEGACY;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      String g = null;
      String v = null;
      String as = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        if (kv.length != 2) continue;
        switch (kv[0].trim()) {
          case "g" -> g = kv[1].trim();
          case "v" -> v = kv[1].trim();
          case "as" -> as = kv[1].trim();
          default -> { }
        }
      }
      boolean jsonType = type.equals("application/json") || type.equals("*/*") || type.equals("application/*");
      if (!jsonType) continue;
      if ("APIGroupDiscoveryList".equals(as) && "apidiscovery.k8s.io".equals(g)) {
        if ("v2".equals(v)) return Form.V2;
        if ("v2beta1".equals(v)) return Form.V2BETA1;
        continue;
      }
      if (as == null) return Form.LEGACY;
    }
    return Form.LEGACY;
  }

  private static String contentType(Form form) {
    return switch (form) {
      case V2 -> V2_CONTENT_TYPE;
      case V2BETA1 -> V2BETA1_CONTENT_TYPE;
      case LEGACY -> JSON;
    };
  }

  /** Legacy {@code APIVersions}; serverAddress is where this request arrived. */
  private static ObjectNode apiVersions(RoutingContext ctx) {
    ObjectNode v = Json.object();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    String host = ctx.request().getHeader("Host");
    if (host == null && ctx.request().localAddress() != null) {
      host = ctx.request().localAddress().host() + ":" + ctx.request().localAddress().port();
    }
    v.putArray("serverAddressByClientCIDRs").addObject()
        .put("clientCIDR", "0.0.0.0/0").put("serverAddress", host == null ? "" : host);
    return v;
  }

  private static void write(RoutingContext ctx, String contentType, Buffer body) {
    ctx.response().putHeader("Content-Type", contentType).putHeader("Vary", "Accept").end(body);
  }

  private static Buffer bytes(ObjectNode node) {
    return Buffer.buffer(Json.bytes(node));
  }
}
