package dev.klite.conformance.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.GuideFiles;
import dev.klite.conformance.support.ProcessLines;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user guide's Example 2 ("Parallel Job - Batch Processing"), every command as printed, through the real kubectl. */
@EnableKlite
class GuideExample2IT {
  private static final Pattern POD_LINE = Pattern.compile("(parallel-processing-job-[a-z0-9]{5})\\s+(\\d+/\\d+)\\s+(\\S+)\\s+.*");

  @TempDir Path work;

  @Test
  void parallelJobRunsFiveWorkersAtMostThreeAtATime(Klite klite) throws Exception {
    Path manifest = GuideFiles.copy("parallel-job.yaml", work);

    // kubectl apply -f parallel-job.yaml
    assertThat(klite.kubectl("apply", "-f", manifest.toString()).orThrow()).contains("job.batch/parallel-processing-job created");

    // kubectl get pods --watch -l app=parallel-processor: pods appear, run and complete, never more than 3 at once
    Process pods = klite.kubectl().start("get", "pods", "--watch", "-l", "app=parallel-processor");
    // kubectl get job parallel-processing-job --watch: the Job reaches 5/5
    Process job = klite.kubectl().start("get", "job", "parallel-processing-job", "--watch");
    try {
      ProcessLines podLines = new ProcessLines(pods.getInputStream(), "kubectl-get-pods-watch");
      ProcessLines jobLines = new ProcessLines(job.getInputStream(), "kubectl-get-job-watch");
      assertThat(jobLines.await(l -> l.startsWith("NAME"), Duration.ofSeconds(30)))
          .containsSubsequence("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE");
      String done = jobLines.await(l -> l.matches("parallel-processing-job\\s+Complete\\s+5/5\\s+.*"), Duration.ofSeconds(180));
      assertThat(done).matches("parallel-processing-job\\s+Complete\\s+5/5\\s+\\S+\\s+\\S+\\s*");

      Map<String, String> latest = new HashMap<>();
      int maxActive = 0;
      while (latest.values().stream().filter("Completed"::equals).count() < 5) {
        String line = podLines.await(l -> POD_LINE.matcher(l).matches(), Duration.ofSeconds(30));
        Matcher m = POD_LINE.matcher(line);
        if (!m.matches()) continue;
        latest.put(m.group(1), m.group(3));
        long active = latest.values().stream().filter(s -> !Set.of("Completed", "Error").contains(s)).count();
        maxActive = (int) Math.max(maxActive, active);
      }
      assertThat(latest).hasSize(5);
      assertThat(maxActive).as("pods running at once (parallelism: 3)").isBetween(1, 3);
    } finally {
      pods.destroy();
      job.destroy();
    }

    // kubectl logs -l app=parallel-processor --prefix=true
    String logs = klite.kubectl("logs", "-l", "app=parallel-processor", "--prefix=true").orThrow();
    assertThat(logs.lines().filter(l -> l.contains("completed successfully at"))).hasSize(5)
        .allMatch(l -> l.matches("\\[pod/parallel-processing-job-[a-z0-9]{5}/worker] Worker [a-z0-9]{5} completed successfully at .+"));
    assertThat(logs).contains("will work for");
  }
}
