package dev.klite.conformance.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.reflect.TypeToken;
import dev.klite.conformance.support.PythonClient;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real clients' own end-to-end Job workflow, each through its usual API and unchanged: list Jobs,
 * start a watch, create a Job whose pod prints a known line, wait for Complete through the watch,
 * read the pod's log through pods/log, patch the Job, delete it with propagationPolicy=Background
 * and see its pod go. The Python client's script is src/test/resources/clients/job_workflow.py
 * (see {@link PythonClient}).
 */
@EnableKlite
class RealClientsIT {
  private static final Duration DONE = Duration.ofSeconds(120);

  @Test
  void fabric8RunsAJobFromWatchToLogsToBackgroundDelete(KubernetesClient client) throws Exception {
    var jobs = client.batch().v1().jobs();
    assertThat(jobs.list().getItems()).isEmpty();
    RecordingWatcher<Job> w = new RecordingWatcher<>();
    try (Watch watch = jobs.watch(w)) {
      jobs.resource(new JobBuilder().withNewMetadata().withName("hello").endMetadata()
          .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
          .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main").withImage(TestPods.IMAGE)
          .withCommand("sh", "-c", "echo 'hello from fabric8'").endContainer().endSpec().endTemplate().endSpec().build()).create();
      assertThat(w.next(DONE).action()).isEqualTo(Action.ADDED);
      Job complete = nextUntil(w, e -> e.action() == Action.MODIFIED && isComplete(e.object())).object();
      assertThat(complete.getStatus().getSucceeded()).isEqualTo(1);

      List<Pod> pods = client.pods().withLabel("job-name", "hello").list().getItems();
      assertThat(pods).hasSize(1);
      assertThat(client.pods().withName(pods.get(0).getMetadata().getName()).getLog()).isEqualTo("hello from fabric8\n");

      Job patched = jobs.withName("hello").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"patched-by\":\"fabric8\"}}}");
      assertThat(patched.getMetadata().getLabels()).containsEntry("patched-by", "fabric8");
      nextUntil(w, e -> e.action() == Action.MODIFIED && "fabric8".equals(e.object().getMetadata().getLabels().get("patched-by")));

      assertThat(jobs.withName("hello").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete()).hasSize(1);
      nextUntil(w, e -> e.action() == Action.DELETED);
      await().atMost(DONE).until(() -> client.pods().withLabel("job-name", "hello").list().getItems().isEmpty());
    }
  }

  @Test
  void officialJavaClientRunsAJobFromWatchToLogsToBackgroundDelete(Klite klite) throws Exception {
    // The client's own way in: Config.fromConfig reads the kubeconfig (CA data and bearer token).
    ApiClient api = Config.fromConfig(klite.kubeconfigPath().toString());
    api.setHttpClient(api.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build()); // watches are long responses
    BatchV1Api batch = new BatchV1Api(api);
    CoreV1Api core = new CoreV1Api(api);
    String ns = klite.namespace();

    var listed = batch.listNamespacedJob(ns).execute();
    assertThat(listed.getItems()).isEmpty();
    LinkedBlockingQueue<io.kubernetes.client.util.Watch.Response<V1Job>> events = new LinkedBlockingQueue<>();
    io.kubernetes.client.util.Watch<V1Job> watch = io.kubernetes.client.util.Watch.createWatch(api,
        batch.listNamespacedJob(ns).watch(true).resourceVersion(listed.getMetadata().getResourceVersion()).buildCall(null),
        new TypeToken<io.kubernetes.client.util.Watch.Response<V1Job>>() {}.getType());
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> watch.forEach(events::add));
    try {
      V1Job job = new V1Job().apiVersion("batch/v1").kind("Job").metadata(new V1ObjectMeta().name("hello"))
          .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec().spec(new V1PodSpec()
              .restartPolicy("Never").terminationGracePeriodSeconds(1L).containers(List.of(new V1Container().name("main")
                  .image(TestPods.IMAGE).command(List.of("sh", "-c", "echo 'hello from client-java'")))))));
      assertThat(batch.createNamespacedJob(ns, job).execute().getMetadata().getUid()).isNotEmpty();

      var first = events.poll(DONE.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).as("first watch event").isNotNull();
      assertThat(first.type).isEqualTo("ADDED");
      V1Job complete = null;
      while (complete == null) {
        var e = events.poll(DONE.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).as("a watch event showing Complete").isNotNull();
        if ("MODIFIED".equals(e.type) && e.object.getStatus() != null && e.object.getStatus().getConditions() != null
            && e.object.getStatus().getConditions().stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()))) {
          complete = e.object;
        }
      }
      assertThat(complete.getStatus().getSucceeded()).isEqualTo(1);

      List<V1Pod> pods = core.listNamespacedPod(ns).labelSelector("job-name=hello").execute().getItems();
      assertThat(pods).hasSize(1);
      assertThat(core.readNamespacedPodLog(pods.get(0).getMetadata().getName(), ns).execute()).isEqualTo("hello from client-java\n");

      V1Job patched = PatchUtils.patch(V1Job.class, () -> batch.patchNamespacedJob("hello", ns,
          new V1Patch("{\"metadata\":{\"labels\":{\"patched-by\":\"client-java\"}}}")).buildCall(null),
          V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, api);
      assertThat(patched.getMetadata().getLabels()).containsEntry("patched-by", "client-java");
      assertThat(batch.readNamespacedJob("hello", ns).execute().getMetadata().getLabels()).containsEntry("patched-by", "client-java");

      batch.deleteNamespacedJob("hello", ns).propagationPolicy("Background").execute();
      while (true) {
        var e = events.poll(DONE.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).as("the DELETED watch event").isNotNull();
        if ("DELETED".equals(e.type)) break;
      }
      await().atMost(DONE).until(() -> core.listNamespacedPod(ns).labelSelector("job-name=hello").execute().getItems().isEmpty());
    } finally {
      watch.close();
      reader.exceptionally(t -> null).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void pythonClientRunsAJobFromWatchToLogsToBackgroundDelete(Klite klite) throws Exception {
    PythonClient.Result result = PythonClient.run("/clients/job_workflow.py", Duration.ofSeconds(240),
        klite.kubeconfigPath().toString(), klite.namespace(), "hello", "hello from python");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("ok: watch: Complete with succeeded=1", "ok: pods/log", "ok: pods gone", "PASSED");
  }

  private static boolean isComplete(Job j) {
    return j.getStatus() != null && j.getStatus().getConditions() != null
        && j.getStatus().getConditions().stream().anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static RecordingWatcher.Event<Job> nextUntil(RecordingWatcher<Job> w, java.util.function.Predicate<RecordingWatcher.Event<Job>> test)
      throws InterruptedException {
    while (true) {
      RecordingWatcher.Event<Job> e = w.next(DONE);
      if (test.test(e)) return e;
    }
  }
}
