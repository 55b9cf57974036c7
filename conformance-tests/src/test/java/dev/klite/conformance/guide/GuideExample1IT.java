package dev.klite.conformance.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.GuideFiles;
import dev.klite.conformance.support.ProcessLines;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user guide's Example 1 ("Basic Job - File Processing"), every command as printed, through the
 * real kubectl against a real klite whose kubelet runs the script as a process.
 */
@EnableKlite
class GuideExample1IT {

  @TempDir Path work;

  @Test
  void dataProcessingJobRunsToCompletionAsTheGuideShows(Klite klite) throws Exception {
    Path manifest = GuideFiles.copy("data-processing-job.yaml", work);

    // kubectl apply -f data-processing-job.yaml
    assertThat(klite.kubectl("apply", "-f", manifest.toString()).orThrow())
        .contains("job.batch/data-processing-job created");

    // kubectl get jobs --watch: shows the Job go to Complete with 1/1
    Process watch = klite.kubectl().start("get", "jobs", "--watch");
    try {
      ProcessLines lines = new ProcessLines(watch.getInputStream(), "kubectl-get-jobs-watch");
      String header = lines.await(l -> l.startsWith("NAME"), Duration.ofSeconds(30));
      assertThat(header).containsSubsequence("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE");
      lines.await(l -> l.startsWith("data-processing-job") && l.contains("Running"), Duration.ofSeconds(30));
      String done = lines.await(l -> l.startsWith("data-processing-job") && l.contains("Complete"), Duration.ofSeconds(120));
      assertThat(done).matches("data-processing-job\\s+Complete\\s+1/1\\s+\\S+\\s+\\S+\\s*");
    } finally {
      watch.destroy();
    }

    // kubectl describe job data-processing-job
    String describe = klite.kubectl("describe", "job", "data-processing-job").orThrow();
    assertThat(describe)
        .contains("Name:", "data-processing-job")
        .containsPattern("Pods Statuses:\\s+0 Active \\(0 Ready\\) / 1 Succeeded / 0 Failed")
        .contains("SuccessfulCreate")
        .containsPattern("Created pod: data-processing-job-[a-z0-9]{5}")
        .contains("Completed")
        .contains("Job completed");

    // kubectl logs -l job=data-processing (a selector implies --tail=10)
    String logs = klite.kubectl("logs", "-l", "job=data-processing").orThrow();
    assertThat(logs)
        .contains("Processing record 10/10")
        .contains("Data processing completed successfully at ")
        .contains("Results written to: output-results.txt");

    // kubectl get job data-processing-job -o yaml | grep -A 10 "status:"
    String yaml = klite.kubectl("get", "job", "data-processing-job", "-o", "yaml").orThrow();
    String status = yaml.substring(yaml.lastIndexOf("\nstatus:"));
    assertThat(status)
        .contains("succeeded: 1")
        .containsPattern("startTime: \"?\\d{4}-\\d\\d-\\d\\dT")
        .containsPattern("completionTime: \"?\\d{4}-\\d\\d-\\d\\dT")
        .contains("type: Complete");

    // Applying the same file again changes nothing.
    assertThat(klite.kubectl("apply", "-f", manifest.toString()).orThrow())
        .contains("job.batch/data-processing-job unchanged");

    // kubectl delete job data-processing-job removes the Job and its pod.
    assertThat(klite.kubectl("delete", "job", "data-processing-job").orThrow())
        .contains("job.batch \"data-processing-job\" deleted");
    KubectlResult jobs = klite.kubectl("get", "jobs", "-o", "name");
    assertThat(jobs.orThrow()).doesNotContain("data-processing-job");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(klite.kubectl("get", "pods", "-l", "job=data-processing", "-o", "name").orThrow()).isBlank());
  }
}
