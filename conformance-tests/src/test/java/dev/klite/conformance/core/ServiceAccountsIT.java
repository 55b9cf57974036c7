package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RawApi;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/auth/service_accounts.go. */
@EnableKlite
class ServiceAccountsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  KubernetesClient client;
  Klite klite;

  @Test
  @Conformance("[sig-auth] ServiceAccounts should run through the lifecycle of a ServiceAccount")
  void serviceaccountsShouldRunThroughTheLifecycleOfAServiceaccount() throws Exception {
    RecordingWatcher<ServiceAccount> w = new RecordingWatcher<>();
    try (Watch watch = client.serviceAccounts().withLabel("test-serviceaccount-static", "true").watch(w)) {
      client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("e2e-sa")
          .addToLabels("test-serviceaccount-static", "true").endMetadata().withAutomountServiceAccountToken(false).build()).create();
      var added = w.next(WAIT);
      assertThat(added.action()).isEqualTo(Action.ADDED);
      assertThat(added.name()).isEqualTo("e2e-sa");

      ServiceAccount patched = client.serviceAccounts().withName("e2e-sa").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
          "{\"metadata\":{\"labels\":{\"test-serviceaccount\":\"patched\"}},\"automountServiceAccountToken\":true}");
      assertThat(patched.getAutomountServiceAccountToken()).isTrue();
      assertThat(patched.getMetadata().getLabels()).containsEntry("test-serviceaccount", "patched");
      assertThat(w.next(WAIT).action()).isEqualTo(Action.MODIFIED);

      assertThat(client.serviceAccounts().inAnyNamespace().withLabel("test-serviceaccount-static", "true").list().getItems())
          .extracting(s -> s.getMetadata().getName()).contains("e2e-sa");

      client.serviceAccounts().withLabel("test-serviceaccount-static", "true").delete();
      var deleted = w.next(WAIT);
      assertThat(deleted.action()).isEqualTo(Action.DELETED);
      assertThat(deleted.name()).isEqualTo("e2e-sa");
    }
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts should update a ServiceAccount")
  void serviceaccountsShouldUpdateAServiceaccount() {
    client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("e2e-sa-update").endMetadata().build()).create();
    ServiceAccount updated = client.serviceAccounts().withName("e2e-sa-update")
        .edit(sa -> new ServiceAccountBuilder(sa).withAutomountServiceAccountToken(true).build());
    assertThat(updated.getAutomountServiceAccountToken()).isTrue();
    ServiceAccount read = client.serviceAccounts().withName("e2e-sa-update").get();
    assertThat(read.getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts should guarantee kube-root-ca.crt exist in any namespace")
  void serviceaccountsShouldGuaranteeKubeRootCaCrtExistInAnyNamespace() {
    var rootCa = client.configMaps().withName("kube-root-ca.crt");
    ConfigMap original = await().atMost(WAIT).until(rootCa::get, cm -> cm != null);
    assertThat(original.getData()).containsKey("ca.crt");
    assertThat(original.getData().get("ca.crt")).contains("-----BEGIN CERTIFICATE-----");

    rootCa.delete();
    ConfigMap recreated = await().atMost(WAIT).until(rootCa::get, cm -> cm != null && !cm.getMetadata().getUid().equals(original.getMetadata().getUid()));
    assertThat(recreated.getData()).containsEntry("ca.crt", original.getData().get("ca.crt"));

    rootCa.edit(cm -> new ConfigMapBuilder(cm).withData(java.util.Map.of("ca.crt", "changed")).build());
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(rootCa.get().getData()).containsEntry("ca.crt", original.getData().get("ca.crt")));
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts should mount an API token into pods")
  void serviceaccountsShouldMountAnApiTokenIntoPods() {
    await().atMost(WAIT).until(() -> client.serviceAccounts().withName("default").get() != null);
    String dir = "/var/run/secrets/kubernetes.io/serviceaccount";
    client.pods().resource(TestPods.shell("pod-service-account", "Never",
        "cat " + dir + "/namespace; echo; head -c 27 " + dir + "/ca.crt; echo; wc -c < " + dir + "/token").build()).create();
    Pod done = TestPods.await(client, "pod-service-account", Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, "pod-service-account");
    assertThat(done.getStatus().getPhase()).as("log:\n%s", log).isEqualTo("Succeeded");
    assertThat(log.lines().toList()).element(0).isEqualTo(klite.namespace());
    assertThat(log).contains("-----BEGIN CERTIFICATE-----");
    assertThat(Integer.parseInt(log.lines().toList().get(2).trim())).isPositive();
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts should allow opting out of API token automount")
  void serviceaccountsShouldAllowOptingOutOfApiTokenAutomount() {
    await().atMost(WAIT).until(() -> client.serviceAccounts().withName("default").get() != null);
    client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("mount").endMetadata()
        .withAutomountServiceAccountToken(true).build()).create();
    client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("nomount").endMetadata()
        .withAutomountServiceAccountToken(false).build()).create();
    // service account setting x pod setting -> token mounted?
    record Case(String sa, Boolean podSetting, boolean mounted) {}
    List<Case> cases = List.of(new Case("default", null, true), new Case("mount", null, true), new Case("nomount", null, false),
        new Case("default", true, true), new Case("mount", true, true), new Case("nomount", true, true),
        new Case("default", false, false), new Case("mount", false, false), new Case("nomount", false, false));
    int i = 0;
    for (Case c : cases) {
      Pod pod = client.pods().resource(new PodBuilder(TestPods.shell("pod-service-account-" + i++, "Never", "true").build())
          .editSpec().withServiceAccountName(c.sa()).withAutomountServiceAccountToken(c.podSetting()).endSpec().build()).create();
      boolean mounted = pod.getSpec().getContainers().get(0).getVolumeMounts().stream()
          .anyMatch(m -> "/var/run/secrets/kubernetes.io/serviceaccount".equals(m.getMountPath()));
      assertThat(mounted).as("token mounted for service account %s, pod automount %s", c.sa(), c.podSetting()).isEqualTo(c.mounted());
    }
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts should mount projected service account token")
  void serviceaccountsShouldMountProjectedServiceAccountToken() {
    await().atMost(WAIT).until(() -> client.serviceAccounts().withName("default").get() != null);
    Pod pod = new PodBuilder(TestPods.shell("test-pod", "Never", "wc -c < /test-volume/test/token").build()).editSpec()
        .addNewVolume().withName("test-volume").withNewProjected().addNewSource().withNewServiceAccountToken()
        .withPath("test/token").withExpirationSeconds(3600L).endServiceAccountToken().endSource().endProjected().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("test-volume").withMountPath("/test-volume").endVolumeMount().endContainer()
        .endSpec().build();
    client.pods().resource(pod).create();
    Pod done = TestPods.await(client, "test-pod", Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, "test-pod");
    assertThat(done.getStatus().getPhase()).as("log:\n%s", log).isEqualTo("Succeeded");
    assertThat(Integer.parseInt(log.strip())).isPositive();
  }

  @Test
  @Conformance("[sig-auth] ServiceAccounts ServiceAccountIssuerDiscovery should support OIDC discovery of service account issuer")
  void serviceaccountsServiceaccountissuerdiscoveryShouldSupportOidcDiscoveryOfServiceAccountIssuer() throws Exception {
    var raw = new RawApi(klite);
    var config = raw.get("/.well-known/openid-configuration", "application/json");
    assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
    assertThat(config.body()).contains("\"issuer\"").contains("\"jwks_uri\"");
    var keys = raw.get("/openid/v1/jwks", "application/jwk-set+json");
    assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
    assertThat(keys.body()).contains("\"keys\"");
    JsonNode discovery = JSON.readTree(config.body());
    assertThat(discovery.path("jwks_uri").asString()).endsWith("/openid/v1/jwks");

    // Upstream's agnhost test-service-account-issuer-discovery: a token of this cluster verifies
    // with the published key and names the published issuer.
    await().atMost(WAIT).until(() -> client.serviceAccounts().withName("default").get() != null);
    var answer = raw.post("/api/v1/namespaces/" + klite.namespace() + "/serviceaccounts/default/token", "application/json",
        "application/json", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    String token = JSON.readTree(answer.body()).path("status").path("token").asString();
    String[] parts = token.split("\\.");
    Base64.Decoder b64 = Base64.getUrlDecoder();
    JsonNode header = JSON.readTree(b64.decode(parts[0]));
    JsonNode claims = JSON.readTree(b64.decode(parts[1]));
    assertThat(header.path("alg").asString()).isEqualTo("RS256");
    JsonNode jwk = null;
    for (JsonNode k : JSON.readTree(keys.body()).path("keys")) {
      if (k.path("kid").asString().equals(header.path("kid").asString())) jwk = k;
    }
    assertThat(jwk).as("a key with the token's kid in %s", keys.body()).isNotNull();
    assertThat(jwk.path("kty").asString()).isEqualTo("RSA");
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
        new BigInteger(1, b64.decode(jwk.path("n").asString())), new BigInteger(1, b64.decode(jwk.path("e").asString()))));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(key);
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(b64.decode(parts[2]))).as("the token's signature verifies with the JWKS key").isTrue();
    assertThat(claims.path("iss").asString()).isEqualTo(discovery.path("issuer").asString());
    assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:" + klite.namespace() + ":default");
  }
}
