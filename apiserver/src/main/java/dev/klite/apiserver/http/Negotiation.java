package dev.klite.apiserver.http;

/**
 * The response form an {@code Accept} header asks for. Upstream honours the first acceptable
 * media type in order; everything ends in JSON (never 406), protobuf included, since every
 * client here also accepts JSON.
 */
public enum Negotiation {
  JSON, TABLE, PARTIAL_METADATA, PARTIAL_METADATA_LIST;

  /** Picks the form for an Accept header; {@code list} tells which PartialObjectMetadata form fits. */
  public static Negotiation of(String accept, boolean list) {
    if (accept == null || accept.isEmpty()) return JSON;
    for (String mediaType : accept.split(",")) {
      String[] params = mediaType.trim().split(";");
      String type = params[0].trim().toLowerCase(java.util.Locale.ROOT);
      String as = "";
      String g = "";
      String v = "";
      for (int i = 1; i < params.length; i++) {
        String[] kv = params[i].trim().split("=", 2);
        if (kv.length != 2) continue;
        switch (kv[0].trim()) {
          case "as" -> as = kv[1].trim();
          case "g" -> g = kv[1].trim();
          case "v" -> v = kv[1].trim();
          default -> { }
        }
      }
      if (as.isEmpty()) {
        if (type.equals("application/json") || type.equals("*/*") || type.equals("application/*")
            || type.equals("application/yaml") || type.equals("application/vnd.kubernetes.protobuf")) {
          return JSON;
        }
        continue;
      }
      if (!g.equals("meta.k8s.io") || !(v.equals("v1") || v.equals("v1beta1"))) continue;
      if (as.equals("Table")) return TABLE;
      if (as.equals("PartialObjectMetadata") && !list) return PARTIAL_METADATA;
      if (as.equals("PartialObjectMetadataList") && list) return PARTIAL_METADATA_LIST;
      if (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) {
        return list ? PARTIAL_METADATA_LIST : PARTIAL_METADATA;
      }
    }
    return JSON;
  }
}
