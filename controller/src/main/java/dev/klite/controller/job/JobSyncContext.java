package dev.klite.controller.job;

import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * State gathered for one sync of one Job (upstream {@code syncJobCtx}), so the steps pass one
 * value instead of a dozen loose locals. {@code job} is a private deep copy that the sync edits.
 */
final class JobSyncContext {

  final ObjectKey key;
  final Instant now;
  Job job;
  final JobStatus originalStatus;
  final List<Pod> pods;
  final Set<String> expectedFinalizerRemovals;
  final boolean onlyReplaceFailedPods;
  /** completionMode Indexed: succeeded pods are recorded as indexes, not uids. */
  final boolean indexed;
  /** Indexes in {@code status.completedIndexes} when the sync started (Indexed only). */
  SortedSet<Integer> prevSucceededIndexes = new TreeSet<>();
  /** Completed indexes including this sync's new ones (Indexed only). */
  SortedSet<Integer> succeededIndexes = new TreeSet<>();
  /** Failed indexes including this sync's (Indexed with backoffLimitPerIndex only). */
  SortedSet<Integer> failedIndexes = new TreeSet<>();
  final boolean satisfiedExpectations;
  List<Pod> activePods;
  List<Pod> newSucceeded;
  List<Pod> newFailed;
  int succeeded;
  int failed;
  int active;
  int terminating;
  JobCondition finishedCondition;
  /** The pod-failure backoff record including this sync's newly finished pods. */
  PodBackoff newBackoff;
  int podsCreated;
  /** First failed pod create/delete: the sync fails after status is written, so it is retried. */
  KubernetesClientException error;
  /** Active pods this sync deleted: no longer counted active or ready. */
  final Set<String> deletedPodUids = new HashSet<>();

  JobSyncContext(ObjectKey key, Instant now, Job job, JobStatus originalStatus, List<Pod> pods,
      Set<String> expectedFinalizerRemovals, boolean satisfiedExpectations) {
    this.key = key;
    this.now = now;
    this.job = job;
    this.originalStatus = originalStatus;
    this.pods = pods;
    this.expectedFinalizerRemovals = expectedFinalizerRemovals;
    this.onlyReplaceFailedPods = JobPods.onlyReplaceFailedPods(job);
    this.indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    this.satisfiedExpectations = satisfiedExpectations;
  }

  boolean jobDeleting() {
    return job.getMetadata().getDeletionTimestamp() != null;
  }

  void recordError(KubernetesClientException e) {
    if (error == null) {
      error = e;
    }
  }

  /** The {@code action} label of upstream's {@code job_controller_job_syncs_total}. */
  String syncAction() {
    if (podsCreated > 0) {
      return "pods_created";
    }
    return deletedPodUids.isEmpty() ? "reconciling" : "pods_deleted";
  }

  int completions() {
    return job.getSpec().getCompletions() == null ? 0 : job.getSpec().getCompletions();
  }

  /** Indexed pods only count with a valid index below completions. */
  boolean countable(Pod pod) {
    return !indexed || IndexedJobs.validIndex(pod, completions());
  }

  String completionMode() {
    String m = job.getSpec().getCompletionMode();
    return m == null ? "NonIndexed" : m;
  }
}
