package dev.klite.controller.job;

import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.Timestamps;
import dev.klite.controller.runtime.LabelSelectors;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Job sync (upstream {@code pkg/controller/job/job_controller.go} {@code syncJob}), kept
 * short: pod counting, then the finished decision, then {@link PodManager} (manageJob), then
 * {@link FinalizerTracker} (status and finalizer bookkeeping). Order follows job-semantics.md §2.3.
 */
public final class JobReconciler implements Reconciler {

  private static final Logger log = LoggerFactory.getLogger(JobReconciler.class);
  public static final String MANAGED_BY_JOB_CONTROLLER = "kubernetes.io/job-controller";

  private final Lister<Job> jobs;
  private final EventRecorder recorder;
  private final Lister<Pod> pods;
  private final JobControl jobControl;
  private final PodControl podControl;
  private final Expectations expectations;
  private final Clock clock;
  private final JobMetrics metrics;
  private final PodManager podManager;
  private final FinalizerTracker tracker;
  private final Map<ObjectKey, PodBackoff> backoffs = new ConcurrentHashMap<>();
  /** The Job as our last status write returned it: newer than a lagging informer cache. */
  private final Map<ObjectKey, Job> lastWritten = new ConcurrentHashMap<>();

  public JobReconciler(Lister<Job> jobs, Lister<Pod> pods, JobControl jobControl, PodControl podControl,
      EventRecorder recorder, Expectations expectations, Clock clock, Duration podBackoffBase,
      Duration podBackoffMax, JobMetrics metrics) {
    this.jobs = Objects.requireNonNull(jobs);
    this.recorder = Objects.requireNonNull(recorder);
    this.pods = Objects.requireNonNull(pods);
    this.jobControl = Objects.requireNonNull(jobControl);
    this.podControl = Objects.requireNonNull(podControl);
    this.expectations = Objects.requireNonNull(expectations);
    this.clock = Objects.requireNonNull(clock);
    this.metrics = Objects.requireNonNull(metrics);
    this.podManager = new PodManager(podControl, recorder, expectations, podBackoffBase, podBackoffMax);
    this.tracker = new FinalizerTracker(jobControl, podControl, recorder, expectations, metrics,
        job -> lastWritten.put(ObjectKey.of(job), job), ctx -> backoffs.put(ctx.key, ctx.newBackoff));
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Job> cached = jobs.get(key.namespace(), key.name());
    if (cached.isEmpty()) {
      forgetJob(key);
      releaseOrphanedFinalizers(key, null);
      return Result.done();
    }
    Job job = freshest(key, cached.get());
    releaseOrphanedFinalizers(key, job.getMetadata().getUid());
    if (!managedByJobController(job)) {
      log.debug("skipping Job {} managed by {}", key, job.getSpec().getManagedBy());
      return Result.done();
    }
    // Read expectations before listing pods (as upstream): a pod that lands in the cache after the
    // list must not satisfy expectations that this sync's pod list does not reflect.
    boolean satisfied = expectations.satisfied(key);
    List<Pod> owned = pods.list(key.namespace()).stream().filter(p -> JobPods.isControlledBy(p, job)).toList();
    if (JobConditions.isFinished(job)) {
      backoffs.remove(key);
      removeLingeringFinalizers(owned);
      return Result.done();
    }
    String mode = job.getSpec().getCompletionMode();
    if (mode != null && !"NonIndexed".equals(mode) && !"Indexed".equals(mode)) {
      recorder.event(job, EventRecorder.WARNING, "UnknownCompletionMode",
          "Skipped Job sync because completion mode is unknown");
      return Result.done();
    }
    if (job.getMetadata().getDeletionTimestamp() == null) {
      owned = withoutReleasedPods(job, owned);
      owned = withAdoptedOrphans(job, owned);
    }
    long started = System.nanoTime();
    String result = "error";
    JobSyncContext ctx = newContext(key, job, owned, satisfied);
    try {
      Result r = sync(ctx);
      result = "success";
      return r;
    } finally {
      metrics.sync(ctx.completionMode(), result, ctx.syncAction(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private JobSyncContext newContext(ObjectKey key, Job cachedJob, List<Pod> owned, boolean satisfied) {
    Job job = new JobBuilder(cachedJob).build();
    JobStatus original = job.getStatus() == null ? new JobStatus() : new JobStatusBuilder(job.getStatus()).build();
    if (job.getStatus() == null) {
      job.setStatus(new JobStatus());
    }
    JobStatus status = job.getStatus();
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods() == null
        ? new UncountedTerminatedPods() : status.getUncountedTerminatedPods();
    uncounted.setSucceeded(new ArrayList<>(uncounted.getSucceeded() == null ? List.of() : uncounted.getSucceeded()));
    uncounted.setFailed(new ArrayList<>(uncounted.getFailed() == null ? List.of() : uncounted.getFailed()));
    status.setUncountedTerminatedPods(uncounted);
    return new JobSyncContext(key, clock.instant(), job, original, owned, expectations.expectedFinalizerRemovals(key),
        satisfied);
  }

  private Result sync(JobSyncContext ctx) {
    JobStatus status = ctx.job.getStatus();
    UncountedTerminatedPods uncounted = status.getUncountedTerminatedPods();
    ctx.activePods = ctx.pods.stream().filter(JobPods::isActive).toList();
    ctx.terminating = (int) ctx.pods.stream().filter(JobPods::isTerminating).count();
    ctx.newSucceeded = ctx.pods.stream()
        .filter(p -> isNewlyFinished(ctx, p, uncounted.getSucceeded()) && ctx.countable(p) && JobPods.isSucceeded(p))
        .toList();
    ctx.newFailed = ctx.pods.stream()
        .filter(p -> isNewlyFinished(ctx, p, uncounted.getFailed()) && ctx.countable(p) && !JobPods.isSucceeded(p)
            && JobPods.isFailed(p, ctx.onlyReplaceFailedPods)).toList();
    if (ctx.indexed) {
      // Upstream calculateSucceededIndexes: recorded indexes plus those of succeeded pods that
      // still hold the finalizer; succeeded is the number of distinct completed indexes.
      ctx.prevSucceededIndexes = IndexedJobs.parse(status.getCompletedIndexes(), ctx.completions());
      ctx.succeededIndexes = new java.util.TreeSet<>(ctx.prevSucceededIndexes);
      ctx.pods.stream()
          .filter(p -> JobPods.isSucceeded(p) && JobPods.hasTrackingFinalizer(p) && ctx.countable(p))
          .forEach(p -> ctx.succeededIndexes.add(IndexedJobs.completionIndex(p)));
      ctx.succeeded = ctx.succeededIndexes.size();
    } else {
      ctx.succeeded = nz(status.getSucceeded()) + ctx.newSucceeded.size() + uncounted.getSucceeded().size();
    }
    // Failures that a podFailurePolicy Ignore rule matches never count towards backoffLimit.
    int newCountedFailures = (int) ctx.newFailed.stream().filter(p -> countsFailure(ctx.job, p)).count();
    ctx.failed = nz(status.getFailed()) + newCountedFailures + uncounted.getFailed().size();

    if (status.getStartTime() == null && !JobStatusCalculator.isSuspended(ctx.job)) {
      status.setStartTime(Timestamps.format(ctx.now));
    }
    // Stored only once the new pods are recorded in status (FinalizerTracker's first write), as
    // upstream does: a sync that fails before that must not count the same failures twice.
    PodBackoff backoff = backoffs.getOrDefault(ctx.key, PodBackoff.NONE).next(ctx.newSucceeded, ctx.newFailed);
    ctx.newBackoff = backoff;

    ctx.finishedCondition = JobStatusCalculator
        .finishedCondition(ctx.job, ctx.failed, ctx.activePods, failJobMessage(ctx), ctx.now).orElse(null);
    if (ctx.indexed) {
      // Upstream syncJob: per-index failure limits first, then the success policy (§2.3 f, g).
      Optional<JobCondition> perIndex = PerIndexFailures.finishedCondition(ctx);
      if (ctx.finishedCondition == null) {
        ctx.finishedCondition = perIndex.orElse(null);
      }
      if (ctx.finishedCondition == null) {
        ctx.finishedCondition = SuccessPolicyEvaluator.match(ctx.job.getSpec().getSuccessPolicy(), ctx.completions(),
            ctx.succeededIndexes).map(message -> JobConditions.newCondition(JobConditions.SUCCESS_CRITERIA_MET,
                JobConditions.REASON_SUCCESS_POLICY, message, ctx.now)).orElse(null);
      }
    }
    ctx.active = ctx.activePods.size();
    Result result = Result.done();
    if (ctx.finishedCondition != null) {
      int deleted = podManager.deleteActivePods(ctx);
      // Upstream drops the finished condition for this round unless every active pod is going
      // away and our earlier creates/deletes were observed; a later sync retries.
      if (deleted < ctx.activePods.size() || !ctx.satisfiedExpectations) {
        ctx.finishedCondition = null;
      }
      ctx.active -= deleted;
      ctx.terminating += deleted;
    } else {
      boolean manageJobCalled = false;
      if (ctx.satisfiedExpectations && !ctx.jobDeleting()) {
        PodManager.Outcome outcome = podManager.manage(ctx, backoff);
        ctx.active = outcome.active();
        result = outcome.result();
        manageJobCalled = true;
      }
      if (JobStatusCalculator.completionsReached(ctx.job, ctx.succeeded, ctx.active)) {
        ctx.finishedCondition = JobConditions.newCondition(JobConditions.SUCCESS_CRITERIA_MET,
            JobConditions.REASON_COMPLETIONS_REACHED, JobConditions.MESSAGE_COMPLETIONS_REACHED, ctx.now);
      } else {
        if (manageJobCalled) {
          updateSuspendedCondition(ctx);
        }
        Optional<Duration> deadline = JobStatusCalculator.remainingActiveDeadline(ctx.job, ctx.now);
        if (deadline.isPresent()) {
          result = result.merge(Result.requeueAfter(deadline.get()));
        }
      }
    }
    status.setActive(FinalizerTracker.omitZero(ctx.active));
    status.setReady((int) ctx.activePods.stream()
        .filter(p -> JobPods.isReady(p) && !ctx.deletedPodUids.contains(p.getMetadata().getUid())).count());
    status.setTerminating(ctx.terminating);
    boolean finished = tracker.track(ctx);
    if (finished) {
      backoffs.remove(ctx.key);
    }
    if (ctx.error != null) {
      throw ctx.error;
    }
    return finished ? Result.done() : result;
  }

  /**
   * §2.9: {@code Suspended=True} (JobSuspended) while suspended; on resume the condition turns
   * False (JobResumed) and startTime restarts, so activeDeadlineSeconds counts active time only.
   * Events are recorded once per transition.
   */
  private void updateSuspendedCondition(JobSyncContext ctx) {
    JobStatus status = ctx.job.getStatus();
    if (JobStatusCalculator.isSuspended(ctx.job)) {
      if (JobConditions.ensure(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", ctx.now)) {
        recorder.event(ctx.job, EventRecorder.NORMAL, "Suspended", "Job suspended");
      }
    } else if (JobConditions.ensure(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", ctx.now)) {
      recorder.event(ctx.job, EventRecorder.NORMAL, "Resumed", "Job resumed");
      status.setStartTime(Timestamps.format(ctx.now));
    }
  }

  static boolean countsFailure(Job job, Pod pod) {
    return PodFailurePolicyEvaluator.match(job.getSpec().getPodFailurePolicy(), pod)
        .map(PodFailurePolicyEvaluator.Match::countsFailure).orElse(true);
  }

  /** The first failed pod matching a FailJob rule decides the Job's failure message (upstream getFailJobMessage). */
  private static Optional<String> failJobMessage(JobSyncContext ctx) {
    if (ctx.job.getSpec().getPodFailurePolicy() == null) {
      return Optional.empty();
    }
    for (Pod pod : ctx.pods) {
      if (JobPods.isFailed(pod, ctx.onlyReplaceFailedPods)) {
        Optional<String> message = PodFailurePolicyEvaluator.match(ctx.job.getSpec().getPodFailurePolicy(), pod)
            .flatMap(PodFailurePolicyEvaluator.Match::failJobMessage);
        if (message.isPresent()) {
          return message;
        }
      }
    }
    return Optional.empty();
  }

  /** Still holds the finalizer, is not yet recorded as uncounted, and no removal is in flight. */
  private static boolean isNewlyFinished(JobSyncContext ctx, Pod pod, List<String> uncountedOfKind) {
    String uid = pod.getMetadata().getUid();
    return JobPods.hasTrackingFinalizer(pod) && !uncountedOfKind.contains(uid)
        && !ctx.expectedFinalizerRemovals.contains(uid);
  }

  private boolean managedByJobController(Job job) {
    String managedBy = job.getSpec().getManagedBy();
    return managedBy == null || MANAGED_BY_JOB_CONTROLLER.equals(managedBy);
  }

  /**
   * The cached Job, unless our own last status write is newer (the informer has not caught up):
   * acting on the older copy could undercount pods whose finalizers were already removed.
   */
  private Job freshest(ObjectKey key, Job cached) {
    Job written = lastWritten.get(key);
    if (written == null || !Objects.equals(written.getMetadata().getUid(), cached.getMetadata().getUid())) {
      lastWritten.remove(key);
      return cached;
    }
    try {
      long w = Long.parseLong(written.getMetadata().getResourceVersion());
      long c = Long.parseLong(cached.getMetadata().getResourceVersion());
      if (w > c) {
        Job merged = new JobBuilder(cached).build();
        merged.setStatus(written.getStatus());
        merged.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
        return merged;
      }
    } catch (NumberFormatException e) {
      log.trace("non-numeric resourceVersion, using the cached Job {}", key);
    }
    lastWritten.remove(key);
    return cached;
  }

  /**
   * Adopts pods that match the Job's selector and have no controller (upstream
   * {@code getPodsForJob} / {@code ClaimPods}). The Job is re-read live first, as upstream's
   * {@code RecheckDeletionTimestamp} does, so a Job deleted meanwhile never adopts.
   */
  private List<Pod> withAdoptedOrphans(Job job, List<Pod> owned) {
    List<Pod> orphans = pods.list(job.getMetadata().getNamespace()).stream()
        .filter(p -> JobPods.controllerOf(p).isEmpty() && !JobPods.isDeleting(p)
            && LabelSelectors.matches(job.getSpec().getSelector(), p.getMetadata().getLabels()))
        .toList();
    if (orphans.isEmpty()) {
      return owned;
    }
    Optional<Job> live = jobControl.get(job.getMetadata().getNamespace(), job.getMetadata().getName());
    if (live.isEmpty() || !Objects.equals(live.get().getMetadata().getUid(), job.getMetadata().getUid())
        || live.get().getMetadata().getDeletionTimestamp() != null) {
      return owned;
    }
    List<Pod> result = new ArrayList<>(owned);
    KubernetesClientException failure = null;
    for (Pod orphan : orphans) {
      try {
        result.add(podControl.adopt(orphan, job));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && failure == null) {
          failure = e;
        }
      }
    }
    // As upstream (claim errors fail the sync): never create replacements for pods we could
    // not adopt; the loop retries.
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * Releases owned pods whose labels no longer match the Job's selector (upstream
   * {@code ClaimPods}: an owned object that does not match is released unless the controller is
   * being deleted). A Job without a selector (never stored by a conformant API server) releases
   * nothing. NotFound and Invalid (the pod changed under us) are ignored, as upstream does.
   */
  private List<Pod> withoutReleasedPods(Job job, List<Pod> owned) {
    if (job.getSpec().getSelector() == null) {
      return owned;
    }
    List<Pod> kept = new ArrayList<>(owned.size());
    KubernetesClientException failure = null;
    for (Pod pod : owned) {
      if (LabelSelectors.matches(job.getSpec().getSelector(), pod.getMetadata().getLabels())) {
        kept.add(pod);
        continue;
      }
      try {
        podControl.release(pod, job);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 422 && failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return kept;
  }

  private void forgetJob(ObjectKey key) {
    expectations.delete(key);
    backoffs.remove(key);
    lastWritten.remove(key);
  }

  /** Pods of a finished Job keep no tracking finalizer (upstream cleans them in the pod handler). */
  private void removeLingeringFinalizers(List<Pod> owned) {
    for (Pod pod : owned) {
      if (JobPods.hasTrackingFinalizer(pod)) {
        podControl.removeTrackingFinalizer(pod);
      }
    }
  }

  /**
   * Pods whose Job of this name is gone (absent, or replaced by a new Job with another uid, as
   * when CI deletes and re-creates a Job) must not be held by our finalizer forever (upstream
   * handles them as orphan pods in {@code syncOrphanPod}).
   *
   * @param currentUid uid of the Job now holding the name, {@code null} if none
   */
  private void releaseOrphanedFinalizers(ObjectKey key, String currentUid) {
    for (Pod pod : pods.list(key.namespace())) {
      boolean orphaned = JobPods.jobControllerOf(pod)
          .map(r -> r.getName().equals(key.name()) && !r.getUid().equals(currentUid)).orElse(false);
      if (orphaned && JobPods.hasTrackingFinalizer(pod)) {
        podControl.removeTrackingFinalizer(pod);
      }
    }
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
