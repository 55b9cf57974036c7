package dev.klite.controller.job;

import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The tracking-finalizer protocol (job-semantics.md §2.6; upstream
 * {@code trackJobStatusAndRemoveFinalizers} and {@code flushUncountedAndRemoveFinalizers} in
 * {@code pkg/controller/job/job_controller.go}): a finished pod's uid is first written to
 * {@code status.uncountedTerminatedPods}, only then is its finalizer removed, and only then is it
 * moved into {@code status.succeeded}/{@code failed}. A crash between the steps therefore never
 * loses or double-counts a pod. The final condition is written once nothing is uncounted and no
 * pod is terminating.
 */
final class FinalizerTracker {

  /** Upstream {@code MaxUncountedPods}. */
  static final int MAX_UNCOUNTED_PODS = 500;

  private final JobControl jobControl;
  private final PodControl podControl;
  private final EventRecorder recorder;
  private final Expectations expectations;
  private final JobMetrics metrics;
  private final Consumer<Job> onWritten;
  private final Consumer<JobSyncContext> onNewPodsRecorded;

  FinalizerTracker(JobControl jobControl, PodControl podControl, EventRecorder recorder, Expectations expectations,
      JobMetrics metrics, Consumer<Job> onWritten, Consumer<JobSyncContext> onNewPodsRecorded) {
    this.jobControl = jobControl;
    this.podControl = podControl;
    this.recorder = recorder;
    this.expectations = expectations;
    this.metrics = metrics;
    this.onWritten = onWritten;
    this.onNewPodsRecorded = onNewPodsRecorded;
  }

  /**
   * Records finished pods, removes their finalizers, counts them, and writes the final condition
   * when allowed. Returns whether the Job reached Complete or Failed in this call.
   *
   * @throws KubernetesClientException on a failed status write (409 included) or, after the
   *     status is written, if some finalizer could not be removed (so the sync is retried)
   */
  boolean track(JobSyncContext ctx) {
    JobStatus status = ctx.job.getStatus();
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
    boolean failurePending = JobConditions.isFailureTarget(ctx.finishedCondition);
    List<Pod> toRelease = new ArrayList<>();
    boolean uncountedChanged = false;
    for (Pod pod : ctx.pods) {
      String uid = pod.getMetadata().getUid();
      if (!JobPods.hasTrackingFinalizer(pod) || ctx.expectedFinalizerRemovals.contains(uid)) {
        continue;
      }
      if (uncounted.getSucceeded().contains(uid) || uncounted.getFailed().contains(uid)) {
        toRelease.add(pod);
        continue;
      }
      if (uncounted.getSucceeded().size() + uncounted.getFailed().size() >= MAX_UNCOUNTED_PODS) {
        break;
      }
      if (JobPods.isSucceeded(pod)) {
        // Indexed Jobs record the completed index instead of the uid (ctx.succeededIndexes).
        if (!ctx.indexed) {
          uncounted.getSucceeded().add(uid);
          uncountedChanged = true;
        }
        toRelease.add(pod);
      } else if (ctx.indexed && !ctx.countable(pod)) {
        // A pod with a bad index is never counted; it only loses the finalizer once it is done.
        if (JobPods.isFailed(pod, ctx.onlyReplaceFailedPods) || failurePending || ctx.jobDeleting()) {
          toRelease.add(pod);
        }
      } else if (JobPods.isFailed(pod, ctx.onlyReplaceFailedPods) || failurePending) {
        // With a failure pending, every pod not yet terminal counts as failed (it is being killed),
        // unless a podFailurePolicy Ignore rule matches it.
        if (JobReconciler.countsFailure(ctx.job, pod)) {
          uncounted.getFailed().add(uid);
          uncountedChanged = true;
        }
        toRelease.add(pod);
      } else if (ctx.jobDeleting() || ctx.finishedCondition != null) {
        toRelease.add(pod);
      }
    }
    if (ctx.indexed) {
      String completed = IndexedJobs.format(ctx.succeededIndexes);
      if (!ctx.succeededIndexes.equals(ctx.prevSucceededIndexes)) {
        uncountedChanged = true;
      }
      status.setCompletedIndexes(completed.isEmpty() ? null : completed);
      if (PerIndexFailures.enabled(ctx.job)) {
        // Always present (possibly "") once backoffLimitPerIndex is set (§2.11).
        String failedIndexes = IndexedJobs.format(ctx.failedIndexes);
        if (!failedIndexes.equals(status.getFailedIndexes())) {
          status.setFailedIndexes(failedIndexes);
          uncountedChanged = true;
        }
      }
      status.setSucceeded(omitZero(ctx.succeededIndexes.size()));
    }
    boolean interimAdded = false;
    if (ctx.finishedCondition != null && !JobConditions.hasTrue(ctx.job, ctx.finishedCondition.getType())) {
      conditions(status).add(ctx.finishedCondition);
      interimAdded = true;
    }
    JobStatus baseline = ctx.originalStatus;
    if (uncountedChanged || interimAdded) {
      write(ctx);
      baseline = new JobStatusBuilder(status).build();
      onNewPodsRecorded.accept(ctx);
      status = ctx.job.getStatus();
      uncounted = status.getUncountedTerminatedPods();
    }

    KubernetesClientException releaseError = null;
    Set<String> released = new HashSet<>();
    for (Pod pod : toRelease) {
      String uid = pod.getMetadata().getUid();
      expectations.expectFinalizerRemovals(ctx.key, List.of(uid));
      try {
        podControl.removeTrackingFinalizer(pod);
        released.add(uid);
      } catch (KubernetesClientException e) {
        expectations.finalizerRemovalObserved(ctx.key, uid);
        if (e.getCode() == 404) {
          released.add(uid);
        } else if (releaseError == null) {
          releaseError = e;
        }
      }
    }

    Set<String> stillHeld = new HashSet<>();
    for (Pod pod : ctx.pods) {
      String uid = pod.getMetadata().getUid();
      if (JobPods.hasTrackingFinalizer(pod) && !released.contains(uid) && !ctx.expectedFinalizerRemovals.contains(uid)) {
        stillHeld.add(uid);
      }
    }
    int nowSucceeded = moveCounted(uncounted.getSucceeded(), stillHeld);
    int nowFailed = moveCounted(uncounted.getFailed(), stillHeld);
    // succeeded/failed/active are `omitempty` int32 upstream: zero is not serialised.
    if (!ctx.indexed) {
      status.setSucceeded(omitZero(nz(status.getSucceeded()) + nowSucceeded));
    }
    status.setFailed(omitZero(nz(status.getFailed()) + nowFailed));

    JobCondition finalCondition = null;
    if (ctx.finishedCondition != null && uncounted.getSucceeded().isEmpty() && uncounted.getFailed().isEmpty()
        && ctx.terminating == 0 && !JobConditions.isFinished(ctx.job)) {
      finalCondition = JobConditions.finalFor(ctx.finishedCondition, ctx.now);
      conditions(status).add(finalCondition);
      if (JobConditions.COMPLETE.equals(finalCondition.getType())) {
        status.setCompletionTime(Timestamps.format(ctx.now));
      }
    }
    if (!Objects.equals(status, baseline)) {
      write(ctx);
    }
    if (finalCondition != null) {
      recordFinished(ctx, finalCondition);
    }
    if (releaseError != null) {
      throw releaseError;
    }
    return finalCondition != null;
  }

  private void recordFinished(JobSyncContext ctx, JobCondition finalCondition) {
    Job job = ctx.job;
    if (JobConditions.COMPLETE.equals(finalCondition.getType())) {
      Integer completions = job.getSpec().getCompletions();
      if (completions != null && nz(job.getStatus().getSucceeded()) > completions) {
        recorder.event(job, EventRecorder.WARNING, "TooManySucceededPods",
            "Too many succeeded pods running after completion count reached");
      }
      recorder.event(job, EventRecorder.NORMAL, "Completed", "Job completed");
    } else {
      recorder.event(job, EventRecorder.WARNING, finalCondition.getReason(), finalCondition.getMessage());
    }
    metrics.finished(ctx.completionMode(), finalCondition.getType(), finalCondition.getReason());
  }

  private void write(JobSyncContext ctx) {
    Job written = jobControl.updateStatus(ctx.job);
    onWritten.accept(written);
    // Keep our in-memory status (the server may reorder nothing we rely on) but take the new
    // resourceVersion so the next write in this sync is not a conflict.
    ctx.job.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
  }

  private static int moveCounted(List<String> uids, Set<String> stillHeld) {
    int before = uids.size();
    uids.removeIf(uid -> !stillHeld.contains(uid));
    return before - uids.size();
  }

  private static List<JobCondition> conditions(JobStatus status) {
    if (status.getConditions() == null) {
      status.setConditions(new ArrayList<>());
    } else if (!(status.getConditions() instanceof ArrayList)) {
      status.setConditions(new ArrayList<>(status.getConditions()));
    }
    return status.getConditions();
  }

  static Integer omitZero(int i) {
    return i == 0 ? null : i;
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
