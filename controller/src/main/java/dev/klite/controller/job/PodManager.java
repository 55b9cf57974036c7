package dev.klite.controller.job;

import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates and deletes a Job's pods (upstream {@code manageJob} and {@code deleteActivePods} in
 * {@code pkg/controller/job/job_controller.go}; events as {@code pkg/controller/controller_utils.go}
 * {@code RealPodControl} records them). job-semantics.md §2.4, §2.5.
 */
final class PodManager {

  /** Upstream {@code MaxPodCreateDeletePerSync}. */
  static final int MAX_POD_CREATE_DELETE_PER_SYNC = 500;

  record Outcome(int active, Result result) {}

  private final PodControl podControl;
  private final EventRecorder recorder;
  private final Expectations expectations;
  private final Duration backoffBase;
  private final Duration backoffMax;

  PodManager(PodControl podControl, EventRecorder recorder, Expectations expectations, Duration backoffBase,
      Duration backoffMax) {
    this.podControl = podControl;
    this.recorder = recorder;
    this.expectations = expectations;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
  }

  /** Brings the number of active pods towards {@link JobStatusCalculator#wantActive}. */
  Outcome manage(JobSyncContext ctx, PodBackoff backoff) {
    Job job = ctx.job;
    int active = ctx.active;
    // Suspended: every active pod goes (upstream manageJob's first branch); else the surplus.
    int wantActive = JobStatusCalculator.isSuspended(job) ? 0 : JobStatusCalculator.wantActive(job, active, ctx.succeeded);
    int surplus = active - wantActive;
    if (surplus > 0) {
      List<Pod> victims = removalCandidates(ctx, surplus);
      return deleteVictims(ctx, victims);
    }
    if (JobStatusCalculator.isSuspended(job)) {
      return new Outcome(active, Result.done());
    }
    if (ctx.indexed) {
      // Pods with a bad or duplicate index go even when the count is right (upstream
      // activePodsForRemoval); deletion takes precedence over creation in one sync.
      List<Pod> invalid = new ArrayList<>(IndexedJobs.invalidOrDuplicate(ctx.activePods, ctx.completions()));
      // A failed index is never retried: its still-active pods go too (backoffLimitPerIndex).
      ctx.activePods.stream().filter(p -> !invalid.contains(p)
          && ctx.failedIndexes.contains(IndexedJobs.completionIndex(p))).forEach(invalid::add);
      if (!invalid.isEmpty()) {
        return deleteVictims(ctx, invalid.subList(0, Math.min(invalid.size(), MAX_POD_CREATE_DELETE_PER_SYNC)));
      }
    }
    int diff = wantActive - active - (ctx.onlyReplaceFailedPods ? ctx.terminating : 0);
    if (diff <= 0) {
      return new Outcome(active, Result.done());
    }
    boolean perIndex = PerIndexFailures.enabled(job);
    Result later = Result.done();
    if (!perIndex) {
      Duration wait = backoff.remaining(ctx.now, backoffBase, backoffMax);
      if (!wait.isZero()) {
        return new Outcome(active, Result.requeueAfter(wait));
      }
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    java.util.Deque<Integer> indexes = new java.util.ArrayDeque<>();
    Map<Integer, Pod> lastFailed = Map.of();
    if (ctx.indexed) {
      List<Pod> holders = new ArrayList<>(ctx.activePods);
      if (ctx.onlyReplaceFailedPods) {
        ctx.pods.stream().filter(JobPods::isTerminating).forEach(holders::add);
      }
      Set<Integer> done = new HashSet<>(ctx.succeededIndexes);
      done.addAll(ctx.failedIndexes);
      List<Integer> pending = IndexedJobs.firstPending(ctx.completions(), done, holders, diff);
      if (perIndex) {
        // Per-index backoff replaces the Job-wide one (upstream getPodCreationInfoForIndependentIndexes).
        lastFailed = PerIndexFailures.lastFailedPerIndex(ctx.pods, ctx.onlyReplaceFailedPods, ctx.completions());
        for (int index : pending) {
          Pod previous = lastFailed.get(index);
          Duration wait = previous == null ? Duration.ZERO
              : PerIndexFailures.remaining(previous, ctx.now, backoffBase, backoffMax);
          if (wait.isZero()) {
            indexes.add(index);
          } else {
            later = later.merge(Result.requeueAfter(wait));
          }
        }
      } else {
        indexes.addAll(pending);
      }
      diff = indexes.size();
      if (diff == 0) {
        return new Outcome(active, later);
      }
    }
    expectations.expectCreations(ctx.key, diff);
    int created = 0;
    // Slow start (upstream slowStartBatch): batches of 1, 2, 4, ...; stop at the first error so a
    // quota or admission failure does not turn into hundreds of failing calls.
    for (int batch = 1; created < diff; batch *= 2) {
      int n = Math.min(batch, diff - created);
      boolean failed = false;
      for (int i = 0; i < n; i++) {
        Pod pod;
        if (ctx.indexed) {
          int index = indexes.poll();
          pod = PodTemplates.newIndexedPod(job, index);
          if (perIndex) {
            pod.getMetadata().getAnnotations().putAll(PerIndexFailures.newPodAnnotations(job, lastFailed.get(index)));
          }
        } else {
          pod = PodTemplates.newPod(job);
        }
        if (createOne(ctx, job, pod)) {
          created++;
          ctx.podsCreated++;
        } else {
          failed = true;
        }
      }
      if (failed) {
        break;
      }
    }
    for (int skipped = diff - created; skipped > 0; skipped--) {
      expectations.creationObserved(ctx.key);
    }
    return new Outcome(active + created, later);
  }

  /** Indexed: bad or duplicate indexes first; then the least valuable active pods. */
  private static List<Pod> removalCandidates(JobSyncContext ctx, int surplus) {
    List<Pod> result = new ArrayList<>();
    if (ctx.indexed) {
      result.addAll(IndexedJobs.invalidOrDuplicate(ctx.activePods, ctx.completions()));
    }
    if (result.size() < surplus) {
      List<Pod> rest = new ArrayList<>(ctx.activePods);
      rest.removeAll(result);
      rest.sort(PodRanking.LEAST_VALUABLE_FIRST);
      result.addAll(rest.subList(0, Math.min(surplus - result.size(), rest.size())));
    }
    return result.subList(0, Math.min(result.size(), MAX_POD_CREATE_DELETE_PER_SYNC));
  }

  /** Scale-down and suspend strip the finalizer first so the pods are not counted as failed (§2.4). */
  private Outcome deleteVictims(JobSyncContext ctx, List<Pod> victims) {
    expectations.expectDeletions(ctx.key, victims.size());
    int deleted = 0;
    for (Pod pod : victims) {
      if (deleteOne(ctx, ctx.job, pod, true)) {
        deleted++;
        ctx.deletedPodUids.add(pod.getMetadata().getUid());
      } else {
        expectations.deletionObserved(ctx.key);
      }
    }
    ctx.terminating += deleted;
    return new Outcome(ctx.active - deleted, Result.done());
  }

  /** Plain DELETE of all active pods (finalizers kept, so they are counted); returns successes. */
  int deleteActivePods(JobSyncContext ctx) {
    int deleted = 0;
    for (Pod pod : ctx.activePods) {
      if (deleteOne(ctx, ctx.job, pod, false)) {
        deleted++;
        ctx.deletedPodUids.add(pod.getMetadata().getUid());
      }
    }
    return deleted;
  }

  private boolean createOne(JobSyncContext ctx, Job job, Pod pod) {
    try {
      Pod created = podControl.create(job.getMetadata().getNamespace(), pod);
      recorder.event(job, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      recorder.event(job, EventRecorder.WARNING, "FailedCreate", "Error creating: " + apiMessage(e));
      ctx.recordError(e);
      return false;
    }
  }

  private boolean deleteOne(JobSyncContext ctx, Job job, Pod pod, boolean stripFinalizer) {
    String name = pod.getMetadata().getName();
    try {
      if (stripFinalizer) {
        podControl.removeTrackingFinalizer(pod);
      }
      podControl.delete(pod.getMetadata().getNamespace(), name);
      recorder.event(job, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + name);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return true;
      }
      recorder.event(job, EventRecorder.WARNING, "FailedDelete", "Error deleting: " + apiMessage(e));
      ctx.recordError(e);
      return false;
    }
  }

  /** The API server's Status message (what client-go's error prints), else the client's text. */
  static String apiMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
