package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IndexedJobsTest {

  static Stream<Arguments> intervals() {
    return Stream.of(
        Arguments.of(List.of(1, 3, 4, 5, 7), "1,3-5,7"),
        Arguments.of(List.of(0, 1), "0,1"),
        Arguments.of(List.of(0, 1, 2), "0-2"),
        Arguments.of(List.of(), ""),
        Arguments.of(List.of(0, 2, 3, 5, 6, 7, 8), "0,2,3,5-8"));
  }

  @ParameterizedTest(name = "{0} <-> [{1}]")
  @MethodSource("intervals")
  void formatsAndParsesIntervalsAsUpstream(List<Integer> indexes, String text) {
    assertThat(IndexedJobs.format(new TreeSet<>(indexes))).isEqualTo(text);
    assertThat(IndexedJobs.parse(text, 100)).containsExactlyElementsOf(indexes);
  }

  @Test
  void parsingIgnoresIndexesBeyondCompletions() {
    assertThat(IndexedJobs.parse("1,3-9", 5)).containsExactly(1, 3, 4);
  }

  @Test
  void generateNameIsCutToFiftyEightCharacters() {
    assertThat(IndexedJobs.generateName("sample", 3)).isEqualTo("sample-3-");
    String prefix = IndexedJobs.generateName("x".repeat(63), 12);
    assertThat(prefix).hasSize(58).endsWith("-12-");
  }

  static Pod withIndex(String name, String index) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata();
    if (index != null) {
      b.editMetadata().addToAnnotations(IndexedJobs.COMPLETION_INDEX, index).endMetadata();
    }
    return b.build();
  }

  @Test
  void firstPendingSkipsSucceededAndHeldIndexes() {
    assertThat(IndexedJobs.firstPending(6, Set.of(0, 2), List.of(withIndex("a", "1"), withIndex("b", "4")), 2))
        .containsExactly(3, 5);
  }

  @Test
  void invalidAndDuplicateIndexesAreRemovalCandidates() {
    Pod ok = withIndex("ok", "0");
    Pod dup = withIndex("dup", "0");
    Pod none = withIndex("none", null);
    Pod big = withIndex("big", "7");
    Pod junk = withIndex("junk", "x");
    assertThat(IndexedJobs.invalidOrDuplicate(List.of(ok, dup, none, big, junk), 3))
        .containsExactly(dup, none, big, junk);
  }

  @Test
  void indexedPodCarriesIndexHostnameAndEnv() {
    Job job = JobFixtures.job(2, 4, 6);
    job.getSpec().setCompletionMode("Indexed");
    Pod pod = PodTemplates.newIndexedPod(job, 3);
    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("job-3-");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(IndexedJobs.COMPLETION_INDEX, "3");
    assertThat(pod.getMetadata().getLabels()).containsEntry(IndexedJobs.COMPLETION_INDEX, "3");
    assertThat(pod.getSpec().getHostname()).isEqualTo("job-3");
    assertThat(pod.getSpec().getSubdomain()).isNull();
    assertThat(pod.getSpec().getContainers().get(0).getEnv()).singleElement().satisfies(e -> {
      assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']");
    });
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
  }
}
