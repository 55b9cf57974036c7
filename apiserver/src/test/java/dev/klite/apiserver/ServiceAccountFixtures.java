package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Namespaces, ServiceAccounts, pods and JWT decoding for the service-account tests. */
final class ServiceAccountFixtures {
  private ServiceAccountFixtures() {}

  static void namespace(TestClient client, String ns) {
    assertThat(client.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}").code()).isEqualTo(201);
  }

  static ObjectNode serviceAccount(TestClient client, String ns, String name) {
    return serviceAccount(client, ns, name, "");
  }

  /** @param extra more top-level fields, e.g. {@code ,"automountServiceAccountToken":false} */
  static ObjectNode serviceAccount(TestClient client, String ns, String name, String extra) {
    TestClient.Response r = client.post("/api/v1/namespaces/" + ns + "/serviceaccounts",
        "{\"metadata\":{\"name\":\"" + name + "\"}" + extra + "}");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static String uid(ObjectNode object) {
    return object.path("metadata").path("uid").asString();
  }

  static ObjectNode header(String jwt) {
    return part(jwt, 0);
  }

  static ObjectNode claims(String jwt) {
    return part(jwt, 1);
  }

  private static ObjectNode part(String jwt, int index) {
    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    return (ObjectNode) Json.parse(Base64.getUrlDecoder().decode(parts[index]));
  }

  /** Whether {@code jwt}'s RS256 signature verifies with the RSA key of a JWK. */
  static boolean verifies(String jwt, JsonNode jwk) throws Exception {
    Base64.Decoder d = Base64.getUrlDecoder();
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
        new BigInteger(1, d.decode(jwk.path("n").asString())), new BigInteger(1, d.decode(jwk.path("e").asString()))));
    int cut = jwt.lastIndexOf('.');
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(key);
    s.update(jwt.substring(0, cut).getBytes(StandardCharsets.US_ASCII));
    return s.verify(d.decode(jwt.substring(cut + 1)));
  }
}
