package dev.klite.apiserver.storage;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The opaque {@code continue} of a paginated list: the revision the first page was read at and
 * the key to resume from (relative to the list prefix), base64url of a small JSON document, in the
 * shape of upstream's storage.EncodeContinue (staging/src/k8s.io/apiserver/pkg/storage/continue.go).
 */
public record ContinueToken(long revision, String startKey) {
  /** The revision of a token that resumes at the latest revision. */
  public static final long LATEST = -1;

  /** Whether the token resumes at the latest revision rather than its first page's. */
  public boolean atLatest() {
    return revision == LATEST;
  }

  public String encode() {
    ObjectNode n = Json.object();
    n.put("v", "meta.k8s.io/v1");
    n.put("rv", revision);
    n.put("start", startKey);
    return Base64.getUrlEncoder().encodeToString(Json.bytes(n));
  }

  /** Parses a token; 400 {@code continue key is not valid: ...} when malformed. */
  public static ContinueToken decode(String token) {
    try {
      JsonNode n = Json.parse(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
      if (!"meta.k8s.io/v1".equals(n.path("v").asString())) {
        throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      }
      long rv = n.path("rv").asLong(0);
      String start = n.path("start").asString("");
      // -1: resume at the latest revision (the token of an inconsistent continue, 410 Expired).
      if (rv == 0 || rv < LATEST) throw invalid("incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      if (start.isEmpty() || start.contains("..") || start.startsWith("/")) {
        throw invalid("continue key is not valid");
      }
      return new ContinueToken(rv, start);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw invalid("continue key is not valid: " + e.getMessage());
    }
  }

  private static ApiException invalid(String why) {
    return ApiException.badRequest(why);
  }
}
