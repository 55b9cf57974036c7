package dev.klite.conformance.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.GuideFiles;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user guide's "Advanced Job Patterns" 1-3, applied as printed and checked through kubectl. */
@EnableKlite
class GuidePatternsIT {
  @TempDir Path work;

  private static void applyAndWaitComplete(Klite klite, Path manifest, String job) {
    assertThat(klite.kubectl("apply", "-f", manifest.toString()).orThrow()).contains("job.batch/" + job + " created");
    assertThat(klite.kubectl("wait", "--for=condition=complete", "job/" + job, "--timeout=120s").orThrow())
        .contains("job.batch/" + job + " condition met");
  }

  @Test
  void pattern1InitContainerRunsBeforeTheMainContainer(Klite klite) {
    applyAndWaitComplete(klite, GuideFiles.copy("job-with-init.yaml", work), "job-with-init");
    assertThat(klite.kubectl("logs", "job/job-with-init", "-c", "setup").orThrow()).isEqualTo("Preparing data...\n");
    assertThat(klite.kubectl("logs", "job/job-with-init").orThrow()).isEqualTo("Processing prepared data...\n");
    String pod = klite.kubectl("get", "pods", "-l", "job-name=job-with-init", "-o", "name").orThrow().strip();
    String setupFinished = klite.kubectl("get", pod, "-o",
        "jsonpath={.status.initContainerStatuses[0].state.terminated.finishedAt}").orThrow();
    String mainStarted = klite.kubectl("get", pod, "-o",
        "jsonpath={.status.containerStatuses[0].state.terminated.startedAt}").orThrow();
    assertThat(mainStarted).as("main starts after setup finished").isGreaterThanOrEqualTo(setupFinished);
    assertThat(klite.kubectl("get", "pods", "-l", "job-name=job-with-init").orThrow())
        .containsPattern("job-with-init-[a-z0-9]{5}\\s+0/1\\s+Completed\\s+0\\s+");
  }

  @Test
  void pattern2EmptyDirVolumeSharesData(Klite klite) {
    applyAndWaitComplete(klite, GuideFiles.copy("job-with-storage.yaml", work), "job-with-storage");
    assertThat(klite.kubectl("logs", "job/job-with-storage").orThrow())
        .isEqualTo("Writing results to shared volume...\nProcessing complete\n");
  }

  @Test
  void pattern3IndexedJobGivesEachPodItsIndex(Klite klite) {
    applyAndWaitComplete(klite, GuideFiles.copy("indexed-job.yaml", work), "indexed-job");
    assertThat(klite.kubectl("get", "job", "indexed-job", "-o", "jsonpath={.status.completedIndexes}").orThrow()).isEqualTo("0-2");
    String names = klite.kubectl("get", "pods", "-l", "job-name=indexed-job", "-o", "name").orThrow();
    for (int i = 0; i < 3; i++) {
      assertThat(names).containsPattern("pod/indexed-job-" + i + "-[a-z0-9]{5}");
    }
    String logs = klite.kubectl("logs", "-l", "job-name=indexed-job").orThrow();
    for (int i = 0; i < 3; i++) {
      assertThat(logs).contains("Processing batch " + i + "\n", "Batch " + i + " completed\n");
    }
  }
}
