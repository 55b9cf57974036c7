package dev.klite.apiserver;

import static dev.klite.apiserver.ServiceAccountFixtures.claims;
import static dev.klite.apiserver.ServiceAccountFixtures.header;
import static dev.klite.apiserver.ServiceAccountFixtures.namespace;
import static dev.klite.apiserver.ServiceAccountFixtures.serviceAccount;
import static dev.klite.apiserver.ServiceAccountFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.security.ServiceAccountJwt;
import dev.klite.apiserver.security.ServiceAccountKey;
import dev.klite.apiserver.serviceaccount.TokenClaims;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * TokenRequest ({@code serviceaccounts/token}), service-account bearer tokens and issuer discovery
 * against a real server on RocksDB (its signing key is then {@code pki/sa.key}, which the
 * forged-token cases read).
 */
class ServiceAccountTokenTest {
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Vertx vertx;

  @BeforeAll
  static void start() {
    server = ApiServer.start(ApiServerConfig.defaults(dir).withPort(0));
    client = new TestClient(server);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close();
  }

  private static TestClient.Response request(String ns, String sa, String spec) {
    return client.post("/api/v1/namespaces/" + ns + "/serviceaccounts/" + sa + "/token",
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
  }

  private static String token(String ns, String sa, String spec) {
    TestClient.Response r = request(ns, sa, spec);
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return r.json().path("status").path("token").asString();
  }

  private static TestClient as(String token) {
    return new TestClient(server.url(), server.caCertificatePem(), token);
  }

  private static ObjectNode pod(String ns, String name, String sa, String nodeName) {
    String node = nodeName == null ? "" : ",\"nodeName\":\"" + nodeName + "\"";
    TestClient.Response r = client.post("/api/v1/namespaces/" + ns + "/pods", "{\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"serviceAccountName\":\"" + sa + "\"" + node
        + ",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static void assertStatus(TestClient.Response r, int code, String reason, String message) {
    assertThat(r.code()).as(r.body()).isEqualTo(code);
    assertThat(r.json().path("kind").asString()).isEqualTo("Status");
    assertThat(r.json().path("reason").asString()).isEqualTo(reason);
    assertThat(r.json().path("message").asString()).isEqualTo(message);
  }

  @Test
  void answersATokenRequestWithASignedTokenCarryingUpstreamsClaims() throws Exception {
    namespace(client, "tr-happy");
    ObjectNode sa = serviceAccount(client, "tr-happy", "robot");
    TestClient.Response r = request("tr-happy", "robot", "{}");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    ObjectNode out = r.json();
    assertThat(out.path("kind").asString()).isEqualTo("TokenRequest");
    assertThat(out.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
    assertThat(out.path("metadata").path("name").asString()).isEqualTo("robot");
    assertThat(out.path("metadata").path("namespace").asString()).isEqualTo("tr-happy");
    assertThat(out.path("spec").path("audiences").toString()).isEqualTo("[\"" + ISSUER + "\"]");
    assertThat(out.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
    assertThat(out.path("spec").get("boundObjectRef").isNull()).isTrue();
    Instant created = Instant.parse(out.path("metadata").path("creationTimestamp").asString());
    Instant expires = Instant.parse(out.path("status").path("expirationTimestamp").asString());
    assertThat(expires).isEqualTo(created.plusSeconds(3600));

    String jwt = out.path("status").path("token").asString();
    ObjectNode header = header(jwt);
    assertThat(header.path("alg").asString()).isEqualTo("RS256");
    ServiceAccountKey key = ServiceAccountKey.loadOrCreate(dir.resolve("pki"));
    String expectedKid = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
    assertThat(header.path("kid").asString()).isEqualTo(expectedKid);

    ObjectNode claims = claims(jwt);
    assertThat(claims.path("iss").asString()).isEqualTo(ISSUER);
    assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:tr-happy:robot");
    assertThat(claims.path("aud").toString()).isEqualTo("[\"" + ISSUER + "\"]");
    long iat = claims.path("iat").asLong();
    assertThat(iat).isEqualTo(created.getEpochSecond());
    assertThat(claims.path("nbf").asLong()).isEqualTo(iat);
    assertThat(claims.path("exp").asLong()).isEqualTo(iat + 3600);
    assertThat(claims.path("jti").asString()).matches("[0-9a-f-]{36}");
    JsonNode k8s = claims.path("kubernetes.io");
    assertThat(k8s.path("namespace").asString()).isEqualTo("tr-happy");
    assertThat(k8s.path("serviceaccount").path("name").asString()).isEqualTo("robot");
    assertThat(k8s.path("serviceaccount").path("uid").asString()).isEqualTo(uid(sa));
    assertThat(k8s.has("pod")).isFalse();
    assertThat(k8s.has("warnafter")).isFalse();
  }

  @Test
  void honoursAudiencesAndExpirationAndDryRun() {
    namespace(client, "tr-opts");
    serviceAccount(client, "tr-opts", "robot");
    TestClient.Response r = request("tr-opts", "robot", "{\"audiences\":[\"vault\",\"api\"],\"expirationSeconds\":600}");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    ObjectNode claims = claims(r.json().path("status").path("token").asString());
    assertThat(claims.path("aud").toString()).isEqualTo("[\"vault\",\"api\"]");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600);
    // Not an API audience: the API server does not accept it.
    assertThat(as(r.json().path("status").path("token").asString()).get("/api/v1/namespaces/tr-opts/pods").code())
        .isEqualTo(401);

    TestClient.Response dry = client.post("/api/v1/namespaces/tr-opts/serviceaccounts/robot/token?dryRun=All",
        "{\"spec\":{}}");
    assertThat(dry.code()).as(dry.body()).isEqualTo(201);
    assertThat(dry.json().path("status").path("token").asString()).isNotEmpty();
  }

  @Test
  void refusesBadRequestsWithUpstreamsStatus() {
    namespace(client, "tr-errors");
    serviceAccount(client, "tr-errors", "robot");
    serviceAccount(client, "tr-errors", "other");
    pod("tr-errors", "p", "other", null);
    client.post("/api/v1/namespaces/tr-errors/configmaps", "{\"metadata\":{\"name\":\"cm\"}}");

    assertStatus(request("tr-errors", "ghost", "{}"), 404, "NotFound", "serviceaccounts \"ghost\" not found");
    assertStatus(request("tr-errors", "robot", "{\"expirationSeconds\":599}"), 422, "Invalid",
        "TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: "
            + "may not specify a duration less than 10 minutes");
    TestClient.Response tooLong = request("tr-errors", "robot", "{\"expirationSeconds\":4294967297}");
    assertStatus(tooLong, 422, "Invalid", "TokenRequest.authentication.k8s.io \"\" is invalid: "
        + "spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds");
    assertThat(tooLong.json().path("details").path("causes").get(0).path("field").asString())
        .isEqualTo("spec.expirationSeconds");
    assertStatus(client.post("/api/v1/namespaces/tr-errors/serviceaccounts/robot/token",
            "{\"metadata\":{\"name\":\"someone\"},\"spec\":{}}"), 422, "Invalid",
        "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value: \"someone\": "
            + "must match the service account name if specified");
    assertStatus(request("tr-errors", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"nope\"}}"),
        404, "NotFound", "pods \"nope\" not found");
    assertStatus(request("tr-errors", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\"}}"),
        400, "BadRequest", "cannot bind token for serviceaccount \"robot\" to pod running with different serviceaccount name.");
    assertStatus(request("tr-errors", "other", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\","
            + "\"uid\":\"not-the-uid\"}}"), 409, "Conflict",
        "Operation cannot be fulfilled on Pod \"p\": the UID in the bound object reference (not-the-uid) does not "
            + "match the UID in record. The object might have been deleted and then recreated");
    assertStatus(request("tr-errors", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"cm\"}}"),
        400, "BadRequest", "cannot bind token to object of type /v1, Kind=ConfigMap");
    assertStatus(request("tr-errors", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\"}}"),
        404, "NotFound", "secrets \"s\" not found");
    assertStatus(client.post("/api/v1/namespaces/tr-errors/serviceaccounts/robot/token",
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"Pod\"}"), 400, "BadRequest",
        "Pod in version \"v1\" cannot be handled as a TokenRequest: no kind \"Pod\" is registered for version "
            + "\"authentication.k8s.io/v1\"");
  }

  @Test
  void bindsToAPodItsNodeASecretOrANodeAndExtendsKubeletTokens() {
    namespace(client, "tr-bound");
    serviceAccount(client, "tr-bound", "robot");
    TestClient.Response node = client.post("/api/v1/nodes", "{\"metadata\":{\"name\":\"tr-bound-node\"}}");
    assertThat(node.code()).as(node.body()).isEqualTo(201);
    ObjectNode pod = pod("tr-bound", "p", "robot", "tr-bound-node");
    String podRef = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\",\"uid\":\"" + uid(pod) + "\"}";

    ObjectNode plain = claims(token("tr-bound", "robot", "{\"boundObjectRef\":" + podRef + "}"));
    assertThat(plain.path("kubernetes.io").path("pod").path("name").asString()).isEqualTo("p");
    assertThat(plain.path("kubernetes.io").path("pod").path("uid").asString()).isEqualTo(uid(pod));
    assertThat(plain.path("kubernetes.io").path("node").path("name").asString()).isEqualTo("tr-bound-node");
    assertThat(plain.path("kubernetes.io").path("node").path("uid").asString()).isEqualTo(uid(node.json()));
    assertThat(plain.path("exp").asLong() - plain.path("iat").asLong()).isEqualTo(3600);

    // The kubelet's 3607 s projected tokens last a year and say when their hour is up.
    TestClient.Response kubelet = request("tr-bound", "robot", "{\"expirationSeconds\":3607,\"boundObjectRef\":" + podRef + "}");
    ObjectNode extended = claims(kubelet.json().path("status").path("token").asString());
    long iat = extended.path("iat").asLong();
    assertThat(extended.path("exp").asLong()).isEqualTo(iat + 365L * 24 * 3600);
    assertThat(extended.path("kubernetes.io").path("warnafter").asLong()).isEqualTo(iat + 3607);
    Instant created = Instant.parse(kubelet.json().path("metadata").path("creationTimestamp").asString());
    assertThat(Instant.parse(kubelet.json().path("status").path("expirationTimestamp").asString()))
        .isEqualTo(created.plusSeconds(3607));
    // ... but not for other audiences.
    ObjectNode foreign = claims(token("tr-bound", "robot", "{\"audiences\":[\"vault\"],\"expirationSeconds\":3607,"
        + "\"boundObjectRef\":" + podRef + "}"));
    assertThat(foreign.path("exp").asLong() - foreign.path("iat").asLong()).isEqualTo(3607);
    assertThat(foreign.path("kubernetes.io").has("warnafter")).isFalse();

    TestClient.Response secret = client.post("/api/v1/namespaces/tr-bound/secrets", "{\"metadata\":{\"name\":\"s\"}}");
    ObjectNode bySecret = claims(token("tr-bound", "robot",
        "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\"}}"));
    assertThat(bySecret.path("kubernetes.io").path("secret").path("uid").asString()).isEqualTo(uid(secret.json()));
    ObjectNode byNode = claims(token("tr-bound", "robot",
        "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"tr-bound-node\"}}"));
    assertThat(byNode.path("kubernetes.io").path("node").path("uid").asString()).isEqualTo(uid(node.json()));
    assertThat(byNode.path("kubernetes.io").has("pod")).isFalse();
  }

  @Test
  void aTokenAuthenticatesUntilItsServiceAccountOrBoundObjectIsGone() {
    namespace(client, "tr-auth");
    serviceAccount(client, "tr-auth", "robot");
    String token = token("tr-auth", "robot", "{}");
    assertThat(as(token).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(200);
    // klite has no RBAC: a service account may write too.
    assertThat(as(token).post("/api/v1/namespaces/tr-auth/configmaps", "{\"metadata\":{\"name\":\"by-robot\"}}").code())
        .isEqualTo(201);

    pod("tr-auth", "p", "robot", null);
    String podToken = token("tr-auth", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\"}}");
    client.post("/api/v1/namespaces/tr-auth/secrets", "{\"metadata\":{\"name\":\"s\"}}");
    String secretToken = token("tr-auth", "robot", "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\"}}");
    assertThat(as(secretToken).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(200);
    assertThat(client.delete("/api/v1/namespaces/tr-auth/secrets/s", null).code()).isEqualTo(200);
    assertThat(as(secretToken).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(401);
    assertThat(as(podToken).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(200);
    assertThat(client.delete("/api/v1/namespaces/tr-auth/pods/p", null).code()).isEqualTo(200);
    assertThat(as(podToken).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(401);
    assertThat(as(token).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(200);

    assertThat(client.delete("/api/v1/namespaces/tr-auth/serviceaccounts/robot", null).code()).isEqualTo(200);
    assertThat(as(token).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(401);
    // A new ServiceAccount of the same name has another uid: old tokens stay dead.
    serviceAccount(client, "tr-auth", "robot");
    assertThat(as(token).get("/api/v1/namespaces/tr-auth/pods").code()).isEqualTo(401);
  }

  @Test
  void refusesForgedExpiredAndForeignTokens() {
    namespace(client, "tr-forged");
    ObjectNode sa = serviceAccount(client, "tr-forged", "robot");
    TokenClaims.Ref ref = new TokenClaims.Ref("robot", uid(sa));
    Instant now = Instant.now();
    ServiceAccountKey real = ServiceAccountKey.loadOrCreate(dir.resolve("pki"));
    ServiceAccountJwt signer = new ServiceAccountJwt(vertx, real, ISSUER, List.of(ISSUER));
    JsonObject good = TokenClaims.of(ISSUER, "tr-forged", ref, TokenClaims.Binding.NONE, now, 3600, 0, List.of(ISSUER));
    // The control: signed with the server's key, the same claims pass.
    assertThat(as(signer.sign(good)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(200);

    ServiceAccountJwt other = new ServiceAccountJwt(vertx, ServiceAccountKey.generate(), ISSUER, List.of(ISSUER));
    assertThat(as(other.sign(good)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    JsonObject expired = TokenClaims.of(ISSUER, "tr-forged", ref, TokenClaims.Binding.NONE, now.minusSeconds(7200),
        3600, 0, List.of(ISSUER));
    assertThat(as(signer.sign(expired)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    JsonObject notYet = TokenClaims.of(ISSUER, "tr-forged", ref, TokenClaims.Binding.NONE, now.plusSeconds(600),
        3600, 0, List.of(ISSUER));
    assertThat(as(signer.sign(notYet)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    JsonObject foreignAudience = TokenClaims.of(ISSUER, "tr-forged", ref, TokenClaims.Binding.NONE, now, 3600, 0,
        List.of("somewhere-else"));
    assertThat(as(signer.sign(foreignAudience)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    JsonObject foreignIssuer = TokenClaims.of("https://elsewhere", "tr-forged", ref, TokenClaims.Binding.NONE, now,
        3600, 0, List.of(ISSUER));
    assertThat(as(signer.sign(foreignIssuer)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    JsonObject wrongUid = TokenClaims.of(ISSUER, "tr-forged", new TokenClaims.Ref("robot", "0000"),
        TokenClaims.Binding.NONE, now, 3600, 0, List.of(ISSUER));
    assertThat(as(signer.sign(wrongUid)).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    String tampered = signer.sign(good);
    String[] parts = tampered.split("\\.");
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        good.copy().put("sub", "system:serviceaccount:kube-system:admin").encode().getBytes());
    assertThat(as(parts[0] + "." + payload + "." + parts[2]).get("/api/v1/namespaces/tr-forged/pods").code())
        .isEqualTo(401);
    assertThat(as("a.b.c").get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(good.encode().getBytes()) + ".x";
    assertThat(as(unsigned).get("/api/v1/namespaces/tr-forged/pods").code()).isEqualTo(401);
    TestClient.Response unauthorized = as("a.b.c").post("/api/v1/namespaces/tr-forged/configmaps",
        "{\"metadata\":{\"name\":\"x\"}}");
    assertThat(unauthorized.code()).isEqualTo(401);
    assertThat(unauthorized.json().path("reason").asString()).isEqualTo("Unauthorized");
  }

  @Test
  void publishesTheIssuerDiscoveryDocumentAndTheKeyThatVerifiesTokens() throws Exception {
    TestClient.Response config = client.get("/.well-known/openid-configuration");
    assertThat(config.code()).isEqualTo(200);
    assertThat(config.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(config.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    ObjectNode doc = config.json();
    assertThat(doc.path("issuer").asString()).isEqualTo(ISSUER);
    assertThat(doc.path("jwks_uri").asString()).isEqualTo(server.url() + "/openid/v1/jwks");
    assertThat(doc.path("response_types_supported").toString()).isEqualTo("[\"id_token\"]");
    assertThat(doc.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
    assertThat(doc.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");

    TestClient.Response jwks = client.get("/openid/v1/jwks");
    assertThat(jwks.code()).isEqualTo(200);
    assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
    assertThat(jwks.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    JsonNode key = jwks.json().path("keys").get(0);
    assertThat(key.path("use").asString()).isEqualTo("sig");
    assertThat(key.path("kty").asString()).isEqualTo("RSA");
    assertThat(key.path("alg").asString()).isEqualTo("RS256");
    assertThat(key.path("e").asString()).isEqualTo("AQAB");

    namespace(client, "tr-oidc");
    serviceAccount(client, "tr-oidc", "robot");
    String token = token("tr-oidc", "robot", "{}");
    assertThat(header(token).path("kid").asString()).isEqualTo(key.path("kid").asString());
    assertThat(ServiceAccountFixtures.verifies(token, key)).isTrue();
    assertThat(claims(token).path("iss").asString()).isEqualTo(doc.path("issuer").asString());

    assertThat(client.send("GET", "/.well-known/openid-configuration", null, null, null, false).code()).isEqualTo(401);
    assertThat(client.send("GET", "/openid/v1/jwks", null, null, null, false).code()).isEqualTo(401);
    // Service-account tokens may read them (upstream's system:service-account-issuer-discovery role).
    assertThat(as(token).get("/openid/v1/jwks").code()).isEqualTo(200);
  }

  @Test
  void discoveryListsTheTokenSubresource() {
    JsonNode legacy = client.get("/api/v1").json().path("resources");
    JsonNode entry = null;
    for (JsonNode r : legacy) {
      if (r.path("name").asString().equals("serviceaccounts/token")) entry = r;
    }
    assertThat(entry).isNotNull();
    assertThat(entry.path("group").asString()).isEqualTo("authentication.k8s.io");
    assertThat(entry.path("version").asString()).isEqualTo("v1");
    assertThat(entry.path("kind").asString()).isEqualTo("TokenRequest");
    assertThat(entry.path("verbs").toString()).isEqualTo("[\"create\"]");
    assertThat(entry.path("namespaced").asBoolean()).isTrue();

    TestClient.Response aggregated = client.get("/api",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    JsonNode sub = null;
    for (JsonNode group : aggregated.json().path("items")) {
      for (JsonNode version : group.path("versions")) {
        for (JsonNode r : version.path("resources")) {
          if (!r.path("resource").asString().equals("serviceaccounts")) continue;
          for (JsonNode s : r.path("subresources")) {
            if (s.path("subresource").asString().equals("token")) sub = s;
          }
        }
      }
    }
    assertThat(sub).as(aggregated.body()).isNotNull();
    assertThat(sub.path("responseKind").toString())
        .isEqualTo("{\"group\":\"authentication.k8s.io\",\"version\":\"v1\",\"kind\":\"TokenRequest\"}");
    assertThat(sub.path("verbs").toString()).isEqualTo("[\"create\"]");
  }
}
