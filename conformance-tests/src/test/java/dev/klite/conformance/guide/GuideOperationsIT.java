package dev.klite.conformance.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.GuideFiles;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's "Job Status and Monitoring", "Troubleshooting Jobs", "Best Practices" and
 * "Cleanup" commands, run as printed (with {@code <job-name>} filled in) through the real kubectl.
 */
@EnableKlite(backoff = "PT1S")
class GuideOperationsIT {
  private static final Duration DONE = Duration.ofSeconds(90);

  /** A Job like the guide's, short: prints a line, exits 0. */
  private static final String QUICK_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: quick-job
      spec:
        backoffLimit: 3
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: worker
              image: busybox:1.35
              command: ['sh', '-c', 'echo "quick job done"']
      """;

  /** Fails on its first run and succeeds after the kubelet restarts it in place (OnFailure). */
  private static final String RESTARTING_JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: restarting-job
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            volumes:
            - name: state
              emptyDir: {}
            containers:
            - name: worker
              image: busybox:1.35
              command: ['sh', '-c', 'if [ -f /state/ran ]; then echo "second attempt"; else touch /state/ran; echo "first attempt"; exit 3; fi']
              volumeMounts:
              - name: state
                mountPath: /state
      """;

  @TempDir Path work;

  private static void createAndWait(Klite klite, String manifest, String job) {
    klite.kubectl().runWithStdin(manifest, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=condition=complete", "job/" + job, "--timeout=90s").orThrow();
  }

  @Test
  void monitoringCommandsShowTheJobItsPodsLogsAndStatus(Klite klite) {
    createAndWait(klite, QUICK_JOB, "quick-job");

    // kubectl get jobs
    assertThat(klite.kubectl("get", "jobs").orThrow())
        .containsPattern("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE")
        .containsPattern("quick-job\\s+Complete\\s+1/1\\s+\\S+\\s+\\S+");
    // kubectl get jobs -o wide
    assertThat(klite.kubectl("get", "jobs", "-o", "wide").orThrow())
        .containsPattern("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR")
        .containsPattern("quick-job\\s+Complete\\s+1/1\\s+\\S+\\s+\\S+\\s+worker\\s+busybox:1\\.35\\s+batch\\.kubernetes\\.io/controller-uid=");
    // kubectl describe job <job-name>
    assertThat(klite.kubectl("describe", "job", "quick-job").orThrow())
        .containsPattern("Completions:\\s+1")
        .containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 1 Succeeded / 0 Failed")
        .contains("SuccessfulCreate", "Completed");
    // kubectl get pods -l job-name=<job-name>
    assertThat(klite.kubectl("get", "pods", "-l", "job-name=quick-job").orThrow())
        .containsPattern("quick-job-[a-z0-9]{5}\\s+0/1\\s+Completed\\s+0\\s+");
    // kubectl logs job/<job-name>
    assertThat(klite.kubectl("logs", "job/quick-job").orThrow()).isEqualTo("quick job done\n");
    // kubectl get job <job-name> -o yaml
    assertThat(klite.kubectl("get", "job", "quick-job", "-o", "yaml").orThrow())
        .contains("kind: Job", "succeeded: 1", "type: Complete", "completionTime:");
  }

  @Test
  void troubleshootingCommandsWork(Klite klite) {
    createAndWait(klite, RESTARTING_JOB, "restarting-job");
    String pod = klite.kubectl("get", "pods", "-l", "job-name=restarting-job", "-o", "jsonpath={.items[0].metadata.name}").orThrow();

    // kubectl describe pods -l job-name=<job-name>
    assertThat(klite.kubectl("describe", "pods", "-l", "job-name=restarting-job").orThrow())
        .contains("Name:", pod).containsPattern("Restart Count:\\s+1").contains("Controlled By:  Job/restarting-job");
    // kubectl describe nodes
    assertThat(klite.kubectl("describe", "nodes").orThrow()).contains("Name:", "Capacity:", "Allocatable:");
    // kubectl get job <job-name> -o yaml | grep restartPolicy: the spec's line (and the last-applied-configuration annotation's)
    assertThat(klite.kubectl("get", "job", "restarting-job", "-o", "yaml").orThrow().lines().filter(l -> l.contains("restartPolicy")))
        .anySatisfy(l -> assertThat(l.strip()).isEqualTo("restartPolicy: OnFailure"))
        .allSatisfy(l -> assertThat(l).contains("OnFailure"));
    // kubectl logs <pod-name> --previous
    assertThat(klite.kubectl("logs", pod, "--previous").orThrow()).isEqualTo("first attempt\n");
    assertThat(klite.kubectl("logs", pod).orThrow()).isEqualTo("second attempt\n");
    // kubectl logs -l job-name=<job-name>
    assertThat(klite.kubectl("logs", "-l", "job-name=restarting-job").orThrow()).isEqualTo("second attempt\n");
    // kubectl get events --field-selector involvedObject.name=<job-name>
    assertThat(klite.kubectl("get", "events", "--field-selector", "involvedObject.name=restarting-job").orThrow())
        .contains("SuccessfulCreate").contains("job/restarting-job").contains("Completed");
  }

  @Test
  void jobControllerLogsAreReadableThroughKubectl(Klite klite) {
    createAndWait(klite, QUICK_JOB, "quick-job");
    // kubectl logs -n kube-system -l component=kube-controller-manager
    KubectlResult cm = klite.kubectl("logs", "-n", "kube-system", "-l", "component=kube-controller-manager", "--tail=-1");
    assertThat(cm.exitCode()).isZero();
    assertThat(cm.stdout()).contains("job-controller");
  }

  @Test
  void topShowsPodResourceUse(Klite klite) {
    // Only running pods have metrics (metrics-server's pkg/api/pod.go), so the Job is still at work.
    klite.kubectl().runWithStdin(QUICK_JOB.replace("echo \"quick job done\"", "sleep 3600"), "apply", "-f", "-").orThrow();
    await().atMost(DONE).until(() -> klite.kubectl("get", "pods", "-l", "job-name=quick-job", "-o",
        "jsonpath={.items[*].status.phase}").orThrow().equals("Running"));
    // kubectl top pods -l job-name=<job-name>: a row once the kubelet has sampled the pod twice
    await().atMost(DONE).untilAsserted(() -> assertThat(klite.kubectl("top", "pods", "-l", "job-name=quick-job").orThrow())
        .containsPattern("NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)")
        .containsPattern("quick-job-[a-z0-9]{5}\\s+\\d+m\\s+\\d+Mi"));
  }

  @Test
  void deleteAndForceDeleteAStuckJob(Klite klite) {
    String stuck = QUICK_JOB.replace("quick-job", "stuck-job").replace("echo \"quick job done\"", "sleep 3600");
    klite.kubectl().runWithStdin(stuck, "apply", "-f", "-").orThrow();
    klite.kubectl().runWithStdin(stuck.replace("stuck-job", "stuck-job-2"), "apply", "-f", "-").orThrow();
    await().atMost(DONE).until(() -> klite.kubectl("get", "pods", "-l", "job-name=stuck-job", "-o",
        "jsonpath={.items[*].status.phase}").orThrow().equals("Running"));

    // kubectl delete job <job-name>
    assertThat(klite.kubectl("delete", "job", "stuck-job").orThrow()).isEqualTo("job.batch \"stuck-job\" deleted\n");
    // kubectl delete job <job-name> --force --grace-period=0
    KubectlResult forced = klite.kubectl("delete", "job", "stuck-job-2", "--force", "--grace-period=0");
    assertThat(forced.orThrow()).isEqualTo("job.batch \"stuck-job-2\" force deleted\n");
    assertThat(forced.stderr()).contains("Immediate deletion does not wait for confirmation that the running resource has been terminated");
    await().atMost(DONE).until(() -> klite.kubectl("get", "pods", "-o", "name").orThrow().isEmpty());
  }

  @Test
  void bestPracticesTtlDeadlineAndCleanupCommands(Klite klite) {
    // spec.ttlSecondsAfterFinished (the guide's 86400, shortened): the finished Job and its pod are deleted
    createAndWait(klite, QUICK_JOB.replace("backoffLimit: 3", "backoffLimit: 3\n  ttlSecondsAfterFinished: 2"), "quick-job");
    await().atMost(DONE).until(() -> klite.kubectl("get", "jobs,pods", "-o", "name").orThrow().isEmpty());

    // spec.activeDeadlineSeconds: a Job running longer fails with DeadlineExceeded
    String deadline = QUICK_JOB.replace("quick-job", "deadline-job").replace("backoffLimit: 3", "backoffLimit: 3\n  activeDeadlineSeconds: 3")
        .replace("echo \"quick job done\"", "sleep 3600");
    klite.kubectl().runWithStdin(deadline, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=condition=failed", "job/deadline-job", "--timeout=60s").orThrow();
    assertThat(klite.kubectl("get", "job", "deadline-job", "-o", "jsonpath={.status.conditions[?(@.type==\"Failed\")].reason}").orThrow())
        .isEqualTo("DeadlineExceeded");

    // kubectl delete jobs --field-selector status.successful=1 removes only the succeeded Job
    createAndWait(klite, QUICK_JOB, "quick-job");
    assertThat(klite.kubectl("delete", "jobs", "--field-selector", "status.successful=1").orThrow())
        .isEqualTo("job.batch \"quick-job\" deleted\n");
    assertThat(klite.kubectl("get", "jobs", "-o", "name").orThrow()).isEqualTo("job.batch/deadline-job\n");
    // kubectl delete jobs --all
    assertThat(klite.kubectl("delete", "jobs", "--all").orThrow()).isEqualTo("job.batch \"deadline-job\" deleted\n");
    assertThat(klite.kubectl("get", "jobs").stderr()).contains("No resources found in " + klite.namespace() + " namespace.");
  }

  @Test
  void cleanupSectionDeletesEveryExampleJob(Klite klite) {
    for (String file : List.of("data-processing-job.yaml", "parallel-job.yaml", "job-with-init.yaml", "job-with-storage.yaml",
        "indexed-job.yaml", "failing-job-demo.yaml")) {
      klite.kubectl("apply", "-f", GuideFiles.copy(file, work).toString()).orThrow();
    }
    String sleeper = QUICK_JOB.replace("echo \"quick job done\"", "sleep 10");
    klite.kubectl().runWithStdin(sleeper.replace("quick-job", "sequential-job"), "apply", "-f", "-").orThrow();
    klite.kubectl().runWithStdin(sleeper.replace("quick-job", "parallel-job-demo"), "apply", "-f", "-").orThrow();

    for (String job : List.of("data-processing-job", "parallel-processing-job", "job-with-init", "job-with-storage",
        "indexed-job", "failing-job-demo", "sequential-job", "parallel-job-demo")) {
      // kubectl delete job <each example job>
      assertThat(klite.kubectl("delete", "job", job).orThrow()).isEqualTo("job.batch \"" + job + "\" deleted\n");
    }
    // kubectl get jobs / kubectl get pods: nothing left
    KubectlResult jobs = klite.kubectl("get", "jobs");
    assertThat(jobs.stdout()).isEmpty();
    assertThat(jobs.stderr()).contains("No resources found in " + klite.namespace() + " namespace.");
    await().atMost(DONE).untilAsserted(() ->
        assertThat(klite.kubectl("get", "pods").stderr()).contains("No resources found in " + klite.namespace() + " namespace."));
  }
}
