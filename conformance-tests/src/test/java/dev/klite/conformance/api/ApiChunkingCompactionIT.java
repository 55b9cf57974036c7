package dev.klite.conformance.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RawApi;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Upstream test/e2e/apimachinery/chunking.go, the [Slow] spec: it waits for the store's periodic compaction (5
 * minutes, as etcd's in kube-apiserver) to remove the revision of a continue token. Apart from {@link ApiMachineryIT}
 * and concurrent, so that the wait overlaps the other classes instead of adding to the suite's time.
 */
@EnableKlite
@Execution(ExecutionMode.CONCURRENT)
class ApiChunkingCompactionIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_JSON = "application/json";
  KubernetesClient client;
  Klite klite;

  @Test
  @Conformance("[sig-api-machinery] Servers with support for API chunking should support continue listing from the last key if the original version has been compacted away, though the list is inconsistent [Slow]")
  void serversWithSupportForApiChunkingShouldSupportContinueListingFromTheLastKeyIfTheOriginalVersionHasBeenCompactedAwayThoughTheListIsInconsistent()
      throws Exception {
    var templates = client.resources(PodTemplate.class, PodTemplateList.class);
    for (int i = 0; i < 60; i++) {
      templates.resource(new PodTemplateBuilder().withNewMetadata().withName("template-" + String.format("%04d", i)).endMetadata()
          .withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox:1.35").endContainer().endSpec().endTemplate()
          .build()).create();
    }
    PodTemplateList first = templates.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(40L).build());
    String token = first.getMetadata().getContinue();
    assertThat(token).isNotEmpty();
    // Upstream writes until the first page's resourceVersion is compacted away (etcd compaction every 5 minutes).
    RawApi raw = new RawApi(klite);
    String path = "/api/v1/namespaces/" + klite.namespace() + "/podtemplates?limit=40&continue=" + token;
    HttpResponse<String> expired = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10))
        .pollInterval(java.time.Duration.ofSeconds(10)).until(() -> {
          client.configMaps().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
              .withGenerateName("churn-").endMetadata().build()).create();
          return raw.get(path, APPLICATION_JSON);
        }, r -> r.statusCode() == 410);
    JsonNode status = JSON.readTree(expired.body());
    assertThat(status.get("reason").asString()).isEqualTo("Expired");
    String inconsistent = status.get("metadata").get("continue").asString();
    assertThat(inconsistent).isNotEmpty();
    PodTemplateList rest = templates.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(40L)
        .withContinue(inconsistent).build());
    assertThat(rest.getItems()).hasSize(20);
    assertThat(rest.getMetadata().getResourceVersion()).isNotEqualTo(first.getMetadata().getResourceVersion());
  }
}
