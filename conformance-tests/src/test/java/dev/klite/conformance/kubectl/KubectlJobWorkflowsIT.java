package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Names;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Job workflows through the real kubectl that the guide tests do not already cover: a manual run of
 * a CronJob, {@code delete --field-selector status.successful=1} matching the count exactly, and
 * deleting a namespace full of running Jobs.
 */
@EnableKlite(backoff = "PT1S")
class KubectlJobWorkflowsIT {
  private static final Duration DONE = Duration.ofSeconds(120);

  private static final String CRON_JOB = """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: nightly
        labels:
          owner: cronjob-only
      spec:
        schedule: "0 3 * * *"
        suspend: true
        jobTemplate:
          metadata:
            labels:
              app: nightly-report
            annotations:
              team: reports
          spec:
            backoffLimit: 2
            template:
              spec:
                restartPolicy: Never
                terminationGracePeriodSeconds: 1
                containers:
                - name: report
                  image: busybox:1.35
                  command: ['sh', '-c', 'echo "nightly report done"']
      """;

  /** A Job named NAME whose pods run SCRIPT; COMPLETIONS and extra spec lines are filled in by callers. */
  private static String job(String name, String extraSpec, String script) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
        spec:
        %s  template:
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 2
              containers:
              - name: worker
                image: busybox:1.35
                command: ['sh', '-c', '%s']
        """.formatted(name, extraSpec.isEmpty() ? "" : extraSpec.indent(2), script);
  }

  KubernetesClient client;
  Klite klite;
  private String extraNamespace;

  @AfterEach
  void deleteExtraNamespace() {
    if (extraNamespace != null) client.namespaces().withName(extraNamespace).delete();
  }

  @Test
  void createJobFromCronJobCopiesTheTemplateAndRunsToComplete() {
    klite.kubectl().runWithStdin(CRON_JOB, "apply", "-f", "-").orThrow();
    CronJob cronJob = client.batch().v1().cronjobs().withName("nightly").get();

    // kubectl create job <name> --from=cronjob/<cronjob>
    assertThat(klite.kubectl("create", "job", "nightly-manual", "--from=cronjob/nightly").orThrow())
        .isEqualTo("job.batch/nightly-manual created\n");

    Job job = client.batch().v1().jobs().withName("nightly-manual").get();
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("cronjob.kubernetes.io/instantiate", "manual")
        .containsEntry("team", "reports");
    assertThat(job.getMetadata().getLabels()).containsEntry("app", "nightly-report").doesNotContainKey("owner");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
      assertThat(ref.getKind()).isEqualTo("CronJob");
      assertThat(ref.getName()).isEqualTo("nightly");
      assertThat(ref.getUid()).isEqualTo(cronJob.getMetadata().getUid());
    });
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo("report");
      assertThat(c.getCommand()).containsExactly("sh", "-c", "echo \"nightly report done\"");
    });

    assertThat(klite.kubectl("wait", "--for=condition=complete", "job/nightly-manual", "--timeout=120s").orThrow())
        .isEqualTo("job.batch/nightly-manual condition met\n");
    assertThat(klite.kubectl("get", "job", "nightly-manual").orThrow()).containsPattern("nightly-manual\\s+Complete\\s+1/1\\s+");
    assertThat(klite.kubectl("logs", "job/nightly-manual").orThrow()).isEqualTo("nightly report done\n");
    // The suspended CronJob itself started nothing.
    assertThat(klite.kubectl("get", "jobs", "-o", "name").orThrow()).isEqualTo("job.batch/nightly-manual\n");

    // The ownerReference makes the manual run a dependent: deleting the CronJob removes it and its pod.
    assertThat(klite.kubectl("delete", "cronjob", "nightly").orThrow()).isEqualTo("cronjob.batch \"nightly\" deleted\n");
    await().atMost(DONE).until(() -> klite.kubectl("get", "jobs,pods", "-o", "name").orThrow().isEmpty());
  }

  @Test
  void deleteByFieldSelectorStatusSuccessfulMatchesTheSucceededCountExactly() {
    klite.kubectl().runWithStdin(job("done-a", "", "echo a"), "apply", "-f", "-").orThrow();
    klite.kubectl().runWithStdin(job("done-b", "", "echo b"), "apply", "-f", "-").orThrow();
    // Complete, but with 2 succeeded pods: not matched by status.successful=1.
    klite.kubectl().runWithStdin(job("done-twice", "completions: 2\n", "echo twice"), "apply", "-f", "-").orThrow();
    // Still running, with 1 succeeded pod (index 0) and index 1 sleeping: matched.
    klite.kubectl().runWithStdin(job("half-done", "completions: 2\nparallelism: 2\ncompletionMode: Indexed\n",
        "[ \"$JOB_COMPLETION_INDEX\" = 0 ] || sleep 3600"), "apply", "-f", "-").orThrow();
    // Failed, 0 succeeded: not matched.
    klite.kubectl().runWithStdin(job("failed", "backoffLimit: 0\n", "exit 1"), "apply", "-f", "-").orThrow();

    for (String name : List.of("done-a", "done-b", "done-twice")) {
      klite.kubectl("wait", "--for=condition=complete", "job/" + name, "--timeout=120s").orThrow();
    }
    klite.kubectl("wait", "--for=condition=failed", "job/failed", "--timeout=120s").orThrow();
    await().atMost(DONE).until(() -> klite.kubectl("get", "job", "half-done", "-o", "jsonpath={.status.succeeded}/{.status.active}")
        .orThrow().equals("1/1"));
    assertThat(klite.kubectl("get", "jobs", "--field-selector", "status.successful=1", "-o", "name").orThrow())
        .isEqualTo("job.batch/done-a\njob.batch/done-b\njob.batch/half-done\n");

    // kubectl delete jobs --field-selector status.successful=1
    assertThat(klite.kubectl("delete", "jobs", "--field-selector", "status.successful=1").orThrow())
        .isEqualTo("job.batch \"done-a\" deleted\njob.batch \"done-b\" deleted\njob.batch \"half-done\" deleted\n");
    assertThat(klite.kubectl("get", "jobs", "-o", "name").orThrow()).isEqualTo("job.batch/done-twice\njob.batch/failed\n");
    // The deleted Jobs' pods (half-done's running one too) go; the kept Jobs keep theirs.
    await().atMost(DONE).untilAsserted(() -> assertThat(klite.kubectl("get", "pods", "-o",
        "jsonpath={range .items[*]}{.metadata.labels.job-name}{\"\\n\"}{end}").orThrow().lines().sorted().toList())
        .containsExactly("done-twice", "done-twice", "failed"));
  }

  @Test
  void deletingANamespaceRemovesItsRunningJobsAndPodsAndThenTheNamespace() {
    extraNamespace = Names.unique("jobs-ns");
    assertThat(klite.kubectl("create", "namespace", extraNamespace).orThrow()).isEqualTo("namespace/" + extraNamespace + " created\n");
    for (String name : List.of("worker-a", "worker-b", "worker-c")) {
      klite.kubectl().runWithStdin(job(name, "parallelism: 2\ncompletions: 4\n", "sleep 3600"), "apply", "-n", extraNamespace, "-f", "-")
          .orThrow();
    }
    await().atMost(DONE).until(() -> klite.kubectl("get", "pods", "-n", extraNamespace, "-o",
        "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}").orThrow().lines().filter("Running"::equals).count() == 6);

    // kubectl delete namespace waits until the namespace is gone.
    KubectlResult deleted = klite.kubectl("delete", "namespace", extraNamespace);
    assertThat(deleted.orThrow()).isEqualTo("namespace \"" + extraNamespace + "\" deleted\n");

    KubectlResult get = klite.kubectl("get", "namespace", extraNamespace);
    assertThat(get.exitCode()).isNotZero();
    assertThat(get.stderr()).contains("Error from server (NotFound): namespaces \"" + extraNamespace + "\" not found");
    assertThat(client.batch().v1().jobs().inNamespace(extraNamespace).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(extraNamespace).list().getItems()).isEmpty();
    // Nothing of it leaked into other namespaces either (the Job controller did not re-create pods elsewhere).
    assertThat(client.pods().inAnyNamespace().withLabel("job-name", "worker-a").list().getItems()).isEmpty();
    extraNamespace = null;
  }
}
