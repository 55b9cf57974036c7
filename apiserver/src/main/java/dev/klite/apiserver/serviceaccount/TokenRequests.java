package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.security.ServiceAccountJwt;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST serviceaccounts/{name}/token}: turns an authentication.k8s.io/v1 TokenRequest into a
 * signed token, as upstream's TokenREST.Create (pkg/registry/core/serviceaccount/storage/token.go,
 * v1.32) with the validation of pkg/apis/authentication/validation. Nothing is stored, so a dry
 * run answers exactly as a real request (upstream's TokenREST has no dry-run branch either).
 */
public final class TokenRequests {
  public static final String API_VERSION = "authentication.k8s.io/v1";
  public static final String KIND = "TokenRequest";
  /** SetDefaults_TokenRequestSpec. */
  static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 600;
  static final long MAX_EXPIRATION_SECONDS = 1L << 32;
  /** The kubelet's projected-token default (upstream WarnOnlyBoundTokenExpirationSeconds). */
  public static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
  /** upstream ExpirationExtensionSeconds: one year. */
  static final long EXTENDED_EXPIRATION_SECONDS = 365L * 24 * 60 * 60;

  private final Registry registry;
  private final BoundObjects objects;
  private final ServiceAccountJwt jwt;
  private final ServiceAccountOptions options;

  public TokenRequests(Registry registry, BoundObjects objects, ServiceAccountJwt jwt, ServiceAccountOptions options) {
    this.registry = registry;
    this.objects = objects;
    this.jwt = jwt;
    this.options = options;
  }

  /** The answered TokenRequest (201) for {@code request}, or a failed future with the upstream Status. */
  public Future<ObjectNode> create(String namespace, String name, ObjectNode request) {
    ObjectNode req = request.deepCopy();
    ObjectMeta meta = ObjectMeta.of(req);
    if (!meta.name().isEmpty() && !meta.name().equals(name)) {
      throw invalid(name, Causes.invalid("metadata.name", meta.name(), "must match the service account name if specified"));
    }
    if (!meta.namespace().isEmpty() && !meta.namespace().equals(namespace)) {
      throw invalid(name, Causes.invalid("metadata.namespace", meta.namespace(),
          "must match the service account namespace if specified"));
    }
    ObjectNode spec = Fields.ensureObject(req, "spec");
    if (!spec.path("expirationSeconds").isNumber()) spec.put("expirationSeconds", DEFAULT_EXPIRATION_SECONDS);
    return registry.get(objects.serviceAccounts(), namespace, name).compose(sa -> {
      if (Fields.strings(spec, "audiences").isEmpty()) {
        spec.set("audiences", Json.MAPPER.valueToTree(options.apiAudiences()));
      }
      if (meta.name().isEmpty()) meta.setName(name);
      if (meta.namespace().isEmpty()) meta.setNamespace(namespace);
      Instant now = registry.clock().instant();
      meta.setCreationTimestamp(ObjectMeta.timestamp(now));
      req.remove("status");
      long expiration = spec.get("expirationSeconds").asLong();
      List<StatusCause> causes = new ArrayList<>();
      if (expiration < MIN_EXPIRATION_SECONDS) {
        causes.add(Causes.invalid("spec.expirationSeconds", expiration, "may not specify a duration less than 10 minutes"));
      }
      if (expiration > MAX_EXPIRATION_SECONDS) {
        causes.add(Causes.invalid("spec.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds"));
      }
      if (!causes.isEmpty()) throw ApiException.invalid("authentication.k8s.io", KIND, "", causes);
      JsonNode ref = spec.path("boundObjectRef");
      return objects.bind(namespace, name, ref.isObject() ? (ObjectNode) ref : null)
          .map(binding -> issue(req, sa, binding, now));
    });
  }

  private ObjectNode issue(ObjectNode req, ObjectNode sa, TokenClaims.Binding binding, Instant now) {
    ObjectNode spec = (ObjectNode) req.get("spec");
    long requested = spec.get("expirationSeconds").asLong();
    List<String> audiences = Fields.strings(spec, "audiences");
    // Tokens the kubelet projects into pods outlive their requested hour, but say when that hour
    // is up, so clients that never re-read the file keep working during upgrades (token.go).
    long expiration = requested;
    long warnAfter = 0;
    if (options.extendTokenExpiration() && binding.pod() != null && requested == WARN_ONLY_EXPIRATION_SECONDS
        && options.apiAudiences().containsAll(audiences)) {
      warnAfter = requested;
      expiration = EXTENDED_EXPIRATION_SECONDS;
    }
    ObjectMeta saMeta = ObjectMeta.of(sa);
    String token = jwt.sign(TokenClaims.of(options.issuer(), saMeta.namespace(),
        new TokenClaims.Ref(saMeta.name(), saMeta.uid()), binding, now, expiration, warnAfter, audiences));
    ObjectNode out = Json.object();
    out.put("kind", KIND);
    out.put("apiVersion", API_VERSION);
    out.set("metadata", req.get("metadata"));
    // boundObjectRef has no omitempty upstream: an unbound request answers it as null.
    if (!spec.has("boundObjectRef")) spec.putNull("boundObjectRef");
    out.set("spec", spec);
    ObjectNode status = out.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", ObjectMeta.timestamp(now.plusSeconds(requested)));
    return out;
  }

  private static ApiException invalid(String name, StatusCause cause) {
    return ApiException.invalid("authentication.k8s.io", KIND, name, List.of(cause));
  }
}
