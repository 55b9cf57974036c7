package dev.klite.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GarbageCollectorPolicyTest {

  private final FakeLister<Job> jobs = new FakeLister<>();
  private final FakeLister<Pod> pods = new FakeLister<>();
  private final FakeGcControl control = new FakeGcControl();
  private final DependentCollector<Pod> podGc = new DependentCollector<>(pods, Map.of(OwnerKind.JOB, jobs), control);
  private final OwnerFinalizerProcessor<Job, Pod> jobOwner = new OwnerFinalizerProcessor<>(jobs, pods, control, "Background");

  static Job job(String name, String uid, String... finalizers) {
    return new JobBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(uid)
        .withFinalizers(finalizers).endMetadata().build();
  }

  static Pod podOwnedBy(String name, String ownerName, String ownerUid, boolean blocking) {
    return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name)
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(ownerName).withUid(ownerUid)
          .withController(true).withBlockOwnerDeletion(blocking).endOwnerReference()
        .endMetadata().build();
  }

  @Test
  void podOfAVanishedJobIsDeletedInTheBackground() {
    pods.put(podOwnedBy("p", "j", "old-uid", true));
    jobs.put(job("j", "new-uid"));
    podGc.reconcile(new ObjectKey("ns", "p"));
    assertThat(control.actions).containsExactly("delete p Background");
  }

  @Test
  void ownerMissingFromTheCacheButPresentLiveKeepsItsPods() {
    pods.put(podOwnedBy("p", "j", "uid", true));
    control.liveUids.add("uid");
    podGc.reconcile(new ObjectKey("ns", "p"));
    assertThat(control.actions).isEmpty();
  }

  @Test
  void podWithAnOwnerOfAnUnknownKindOnlyLosesTheDanglingReference() {
    Pod p = new PodBuilder(podOwnedBy("p", "j", "gone", false)).editMetadata().addNewOwnerReference()
        .withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs").withUid("rs-uid").endOwnerReference()
        .endMetadata().build();
    pods.put(p);
    podGc.reconcile(new ObjectKey("ns", "p"));
    assertThat(control.actions).containsExactly("unown p gone");
  }

  @Test
  void foregroundDeletionDeletesDependentsAndWaitsForBlockingOnes() {
    Job j = new JobBuilder(job("j", "uid", "foregroundDeletion")).editMetadata()
        .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
    jobs.put(j);
    pods.put(podOwnedBy("p1", "j", "uid", true));
    pods.put(podOwnedBy("other", "x", "x-uid", true));

    var result = jobOwner.reconcile(new ObjectKey("ns", "j"));

    assertThat(control.actions).containsExactly("delete p1 Background");
    assertThat(result.requeueDelay()).isPresent();

    pods.remove(new ObjectKey("ns", "p1"));
    control.actions.clear();
    jobOwner.reconcile(new ObjectKey("ns", "j"));
    assertThat(control.actions).containsExactly("unfinalize j foregroundDeletion");
  }

  @Test
  void orphanFinalizerStripsOwnerReferencesThenItself() {
    Job j = new JobBuilder(job("j", "uid", "orphan")).editMetadata()
        .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
    jobs.put(j);
    pods.put(podOwnedBy("p1", "j", "uid", true));
    jobOwner.reconcile(new ObjectKey("ns", "j"));
    assertThat(control.actions).containsExactly("unown p1 uid", "unfinalize j orphan");
  }

  @Test
  void ownerNotBeingDeletedIsLeftAlone() {
    jobs.put(job("j", "uid", "foregroundDeletion"));
    pods.put(podOwnedBy("p1", "j", "uid", true));
    jobOwner.reconcile(new ObjectKey("ns", "j"));
    assertThat(control.actions).isEmpty();
  }

  @Test
  void cronJobForegroundDeletionDeletesItsJobsInTheForeground() {
    FakeLister<io.fabric8.kubernetes.api.model.batch.v1.CronJob> cronJobs = new FakeLister<>();
    cronJobs.put(new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder().withNewMetadata().withNamespace("ns")
        .withName("cj").withUid("cj-uid").withFinalizers("foregroundDeletion")
        .withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build());
    jobs.put(new JobBuilder(job("cj-1", "j-uid")).editMetadata().addNewOwnerReference().withApiVersion("batch/v1")
        .withKind("CronJob").withName("cj").withUid("cj-uid").withController(true).withBlockOwnerDeletion(true)
        .endOwnerReference().endMetadata().build());
    new OwnerFinalizerProcessor<>(cronJobs, jobs, control, "Foreground").reconcile(new ObjectKey("ns", "cj"));
    assertThat(control.actions).containsExactly("delete cj-1 Foreground");
  }

  @Test
  void jobOfAVanishedCronJobIsDeleted() {
    FakeLister<io.fabric8.kubernetes.api.model.batch.v1.CronJob> cronJobs = new FakeLister<>();
    jobs.put(new JobBuilder(job("cj-1", "j-uid")).editMetadata().addNewOwnerReference().withApiVersion("batch/v1")
        .withKind("CronJob").withName("cj").withUid("cj-uid").withController(true).endOwnerReference().endMetadata().build());
    new DependentCollector<>(jobs, Map.of(OwnerKind.CRONJOB, cronJobs), control).reconcile(new ObjectKey("ns", "cj-1"));
    assertThat(control.actions).containsExactly("delete cj-1 Background");
  }
}
