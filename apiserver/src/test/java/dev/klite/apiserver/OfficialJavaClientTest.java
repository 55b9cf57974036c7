package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Java client (io.kubernetes:client-java, OkHttp + Gson) against the server unchanged. */
class OfficialJavaClientTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static ApiClient client;

  @BeforeAll
  static void start() throws Exception {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new ClientBuilder().setBasePath(server.url().toString().replaceAll("/$", ""))
        .setVerifyingSsl(true).setCertificateAuthority(server.caCertificatePem().getBytes(StandardCharsets.UTF_8))
        .setAuthentication(new AccessTokenAuthentication(server.adminToken())).build();
    // Watches are long-lived responses.
    client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
    for (String ns : List.of("oj", "oj2")) {
      new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(ns))).execute();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static V1Job job(String name) {
    return new V1Job().apiVersion("batch/v1").kind("Job").metadata(new V1ObjectMeta().name(name))
        .spec(new V1JobSpec().backoffLimit(1).template(new V1PodTemplateSpec().spec(new V1PodSpec()
            .restartPolicy("Never").containers(List.of(new V1Container().name("c").image("busybox"))))));
  }

  @Test
  void listsWatchesCreatesPatchesAndDeletesAJob() throws Exception {
    BatchV1Api batch = new BatchV1Api(client);
    String rv = batch.listNamespacedJob("oj").execute().getMetadata().getResourceVersion();
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    Watch<V1Job> watch = Watch.createWatch(client,
        batch.listNamespacedJob("oj").watch(true).resourceVersion(rv).buildCall(null),
        new TypeToken<Watch.Response<V1Job>>() {}.getType());
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      for (Watch.Response<V1Job> e : watch) events.add(e.type + " " + e.object.getMetadata().getName());
    });
    try {
      V1Job created = batch.createNamespacedJob("oj", job("hello")).execute();
      assertThat(created.getMetadata().getUid()).isNotEmpty();
      assertThat(created.getSpec().getSelector().getMatchLabels())
          .containsKey("batch.kubernetes.io/controller-uid");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED hello");

      V1Job patched = PatchUtils.patch(V1Job.class, () -> batch.patchNamespacedJob("hello", "oj",
          new V1Patch("{\"metadata\":{\"labels\":{\"team\":\"a\"}}}")).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
      assertThat(patched.getMetadata().getLabels()).containsEntry("team", "a");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED hello");

      V1Job applied = PatchUtils.patch(V1Job.class, () -> batch.patchNamespacedJob("hello", "oj",
          new V1Patch("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"hello\","
              + "\"annotations\":{\"a\":\"b\"}}}")).fieldManager("java").buildCall(null),
          V1Patch.PATCH_FORMAT_APPLY_YAML, client);
      assertThat(applied.getMetadata().getAnnotations()).containsEntry("a", "b");
      // client-java's V1ObjectMeta comes back without managedFields here; check them on the wire.
      assertThat(new TestClient(server).get("/apis/batch/v1/namespaces/oj/jobs/hello").json().path("metadata")
          .path("managedFields")).anySatisfy(m -> assertThat(m.path("manager").asString() + "/"
              + m.path("operation").asString()).isEqualTo("java/Apply"));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED hello");

      assertThat(batch.listNamespacedJob("oj").execute().getItems()).extracting(j -> j.getMetadata().getName())
          .containsExactly("hello");
      batch.deleteNamespacedJob("hello", "oj").propagationPolicy("Background").execute();
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("DELETED hello");
      assertThatThrownBy(() -> batch.readNamespacedJob("hello", "oj").execute())
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getCode()).isEqualTo(404);
            assertThat(e.getResponseBody()).contains("jobs.batch \\\"hello\\\" not found");
          });
    } finally {
      watch.close();
      reader.exceptionally(t -> null).get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void conflictsComeBackAsApiExceptionsWithTheStatus() throws Exception {
    BatchV1Api batch = new BatchV1Api(client);
    batch.createNamespacedJob("oj2", job("dup")).execute();
    assertThatThrownBy(() -> batch.createNamespacedJob("oj2", job("dup")).execute())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getResponseBody()).contains("\"reason\":\"AlreadyExists\"");
        });
    Map<String, String> labels = batch.readNamespacedJob("dup", "oj2").execute().getMetadata().getLabels();
    assertThat(labels).containsEntry("job-name", "dup");
  }
}
