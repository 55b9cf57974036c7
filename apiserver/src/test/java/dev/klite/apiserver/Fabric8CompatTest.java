package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fabric8 client (its Vert.x HTTP client, WebSocket watches) against the server unchanged. */
class Fabric8CompatTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url().toString())
        .withCaCertData(java.util.Base64.getEncoder().encodeToString(server.caCertificatePem().getBytes()))
        .withOauthToken(server.adminToken()).withRequestRetryBackoffLimit(0).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void crudAndErrorsWork() {
    ConfigMap cm = client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("c").endMetadata().addToData("k", "v").build()).create();
    assertThat(cm.getMetadata().getUid()).isNotEmpty();
    ConfigMap edited = client.configMaps().inNamespace("f8").withName("c").edit(c -> {
      c.getData().put("k", "w");
      return c;
    });
    assertThat(edited.getData()).containsEntry("k", "w");
    assertThat(client.configMaps().inNamespace("f8").list().getItems()).extracting(c -> c.getMetadata().getName())
        .contains("c");
    assertThatThrownBy(() -> client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("c").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(client.configMaps().inNamespace("f8").withName("c").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace("f8").withName("c").get()).isNull();
  }

  @Test
  void informersListAndWatchOverWebSocket() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
        .endMetadata().build()).create();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("f8").inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap obj) {
            events.add("add " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            events.add("update " + newObj.getMetadata().getName());
          }

          @Override
          public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            events.add("delete " + obj.getMetadata().getName());
          }
        });
    try {
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("add before");
      client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder().withNewMetadata().withName("after")
          .endMetadata().build()).create();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("add after");
      client.configMaps().inNamespace("f8").withName("after").edit(c -> {
        c.setData(java.util.Map.of("x", "y"));
        return c;
      });
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("update after");
      client.configMaps().inNamespace("f8").withName("after").delete();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("delete after");
    } finally {
      informer.close();
    }
  }
}
