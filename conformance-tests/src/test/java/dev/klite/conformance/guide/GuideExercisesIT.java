package dev.klite.conformance.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.GuideFiles;
import dev.klite.conformance.support.ProcessLines;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user guide's "Hands-On Exercises", commands as printed (heredocs piped to {@code kubectl apply -f -}). */
@EnableKlite(backoff = "PT1S")
class GuideExercisesIT {
  @TempDir Path work;

  @Test
  void exercise1FailingJobIsRetriedUntilItSucceedsOrHitsTheBackoffLimit(Klite klite) throws Exception {
    Path manifest = GuideFiles.copy("failing-job-demo.yaml", work);
    assertThat(klite.kubectl("apply", "-f", manifest.toString()).orThrow()).contains("job.batch/failing-job-demo created");

    // kubectl get pods --watch -l job-name=failing-job-demo: each attempt ends Completed or Error
    Process watch = klite.kubectl().start("get", "pods", "--watch", "-l", "job-name=failing-job-demo");
    try {
      ProcessLines lines = new ProcessLines(watch.getInputStream(), "kubectl-get-pods-watch");
      lines.await(l -> l.matches("failing-job-demo-[a-z0-9]{5}\\s+0/1\\s+(Completed|Error)\\s+0\\s+.*"), Duration.ofSeconds(60));
    } finally {
      watch.destroy();
    }
    String finished = await().atMost(Duration.ofSeconds(120)).until(() -> klite.kubectl("get", "job", "failing-job-demo", "-o",
        "jsonpath={.status.conditions[?(@.status==\"True\")].type}").orThrow(), s -> s.contains("Complete") || s.contains("Failed"));

    // kubectl describe job failing-job-demo
    String describe = klite.kubectl("describe", "job", "failing-job-demo").orThrow();
    String pods = klite.kubectl("get", "pods", "-l", "job-name=failing-job-demo", "-o",
        "jsonpath={range .items[*]}{.status.phase}{\"\\n\"}{end}").orThrow();
    long failed = pods.lines().filter("Failed"::equals).count();
    long succeeded = pods.lines().filter("Succeeded"::equals).count();
    if (finished.contains("Complete")) {
      assertThat(succeeded).isEqualTo(1);
      assertThat(failed).isBetween(0L, 3L);
      assertThat(describe).containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 1 Succeeded / " + failed + " Failed");
      // kubectl logs job/X picks one of the Job's pods (podutils.ByLogging), which may be a failed attempt:
      // read every attempt's log and find the successful one.
      assertThat(klite.kubectl("logs", "-l", "job-name=failing-job-demo", "--prefix").orThrow())
          .contains("Task completed successfully!");
    } else {
      assertThat(finished).contains("Failed");
      assertThat(failed).isEqualTo(4);
      assertThat(describe).containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 0 Succeeded / 4 Failed")
          .contains("BackoffLimitExceeded").contains("Job has reached the specified backoff limit");
    }
    assertThat(describe).contains("SuccessfulCreate");
  }

  @Test
  void exercise2ParallelJobFinishesBeforeTheSequentialOne(Klite klite) throws Exception {
    String sequential = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: sequential-job
        spec:
          completions: 4
          parallelism: 1
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: worker
                image: busybox:1.35
                command: ['sleep', '10']
        """;
    String parallel = sequential.replace("sequential-job", "parallel-job-demo").replace("parallelism: 1", "parallelism: 4");
    assertThat(klite.kubectl().runWithStdin(sequential, "apply", "-f", "-").orThrow()).contains("job.batch/sequential-job created");
    assertThat(klite.kubectl().runWithStdin(parallel, "apply", "-f", "-").orThrow()).contains("job.batch/parallel-job-demo created");

    // kubectl get jobs --watch: compare completion times
    Process watch = klite.kubectl().start("get", "jobs", "--watch");
    try {
      ProcessLines lines = new ProcessLines(watch.getInputStream(), "kubectl-get-jobs-watch");
      lines.await(l -> l.matches("parallel-job-demo\\s+Complete\\s+4/4\\s+.*"), Duration.ofSeconds(90));
      lines.await(l -> l.matches("sequential-job\\s+Complete\\s+4/4\\s+.*"), Duration.ofSeconds(120));
    } finally {
      watch.destroy();
    }
    assertThat(duration(klite, "parallel-job-demo")).isLessThan(duration(klite, "sequential-job"));
    assertThat(duration(klite, "sequential-job")).isGreaterThanOrEqualTo(Duration.ofSeconds(40));
    assertThat(duration(klite, "parallel-job-demo")).isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThan(Duration.ofSeconds(40));
  }

  private static Duration duration(Klite klite, String job) {
    String[] times = klite.kubectl("get", "job", job, "-o", "jsonpath={.status.startTime} {.status.completionTime}").orThrow().split(" ");
    return Duration.between(Instant.parse(times[0]), Instant.parse(times[1]));
  }
}
