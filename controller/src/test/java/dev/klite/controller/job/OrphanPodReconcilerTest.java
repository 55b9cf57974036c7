package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

class OrphanPodReconcilerTest {

  private final FakeLister<Pod> pods = new FakeLister<>();
  private final FakeLister<Job> jobs = new FakeLister<>();
  private final FakePodControl podControl = new FakePodControl();
  private final OrphanPodReconciler reconciler = new OrphanPodReconciler(pods, jobs, podControl);

  private static Pod orphan() {
    return new PodBuilder().withNewMetadata().withNamespace("ns").withName("o").withUid("o-uid")
        .addToLabels("app", "x").addToFinalizers(JobPods.TRACKING_FINALIZER).endMetadata().build();
  }

  @Test
  void podWithoutControllerLosesTheTrackingFinalizer() {
    pods.put(orphan());
    reconciler.reconcile(new ObjectKey("ns", "o"));
    assertThat(podControl.finalizersRemoved).containsExactly("o");
  }

  @Test
  void podThatAnUnfinishedJobCouldAdoptKeepsIt() {
    pods.put(orphan());
    Job job = JobFixtures.job(1, 1, 6);
    job.getSpec().setSelector(new LabelSelectorBuilder().addToMatchLabels("app", "x").build());
    jobs.put(job);
    reconciler.reconcile(new ObjectKey("ns", "o"));
    assertThat(podControl.finalizersRemoved).isEmpty();
  }

  @Test
  void ownedPodIsNotAnOrphan() {
    pods.put(JobFixtures.pod(JobFixtures.job(1, 1, 6), "owned", "Running"));
    reconciler.reconcile(new ObjectKey("ns", "owned"));
    assertThat(podControl.finalizersRemoved).isEmpty();
  }
}
