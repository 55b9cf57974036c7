package dev.klite.controller.cronjob;

import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import dev.klite.controller.runtime.Timestamps;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One CronJob sync (upstream {@code pkg/controller/cronjob/cronjob_controllerv2.go} {@code sync}
 * and {@code syncCronJob}; job-semantics.md §4.4): reconcile {@code status.active} with the child
 * Jobs, start the most recent due Job honouring suspend, startingDeadlineSeconds and
 * concurrencyPolicy, clean up history, then write status once. Returns when to run again (next
 * activation + 100 ms, as upstream).
 */
public final class CronJobReconciler implements Reconciler {

  /** Upstream adds this so the sync runs just after the activation, not just before. */
  static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
  private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
      java.util.Locale.ROOT);

  private final Lister<CronJob> cronJobs;
  private final Lister<Job> jobs;
  private final CronJobControl control;
  private final EventRecorder recorder;
  private final Clock clock;
  private final java.util.Map<ObjectKey, CronJob> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();

  public CronJobReconciler(Lister<CronJob> cronJobs, Lister<Job> jobs, CronJobControl control, EventRecorder recorder,
      Clock clock) {
    this.cronJobs = Objects.requireNonNull(cronJobs);
    this.jobs = Objects.requireNonNull(jobs);
    this.control = Objects.requireNonNull(control);
    this.recorder = Objects.requireNonNull(recorder);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<CronJob> cached = cronJobs.get(key.namespace(), key.name());
    if (cached.isEmpty()) {
      lastWritten.remove(key);
      return Result.done();
    }
    CronJob cj = new CronJobBuilder(freshest(key, cached.get())).build();
    if (cj.getStatus() == null) {
      cj.setStatus(new CronJobStatus());
    }
    CronJobStatus original = new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder(cj.getStatus()).build();
    List<Job> children = jobs.list(key.namespace()).stream().filter(j -> CronJobJobs.isControlledBy(j, cj)).toList();
    Instant now = clock.instant();

    reconcileActive(cj, children);
    Result result = schedule(cj, now);
    cleanupHistory(cj, children);

    if (!Objects.equals(cj.getStatus(), original)) {
      lastWritten.put(key, control.updateStatus(cj));
    }
    return result;
  }

  /**
   * The cached CronJob, or our last written status if the informer has not caught up with it yet:
   * a stale copy would try to start the same scheduled Job again.
   */
  private CronJob freshest(ObjectKey key, CronJob cached) {
    CronJob written = lastWritten.get(key);
    if (written != null && Objects.equals(written.getMetadata().getUid(), cached.getMetadata().getUid())) {
      try {
        if (Long.parseLong(written.getMetadata().getResourceVersion())
            > Long.parseLong(cached.getMetadata().getResourceVersion())) {
          CronJob merged = new CronJobBuilder(cached).build();
          merged.setStatus(written.getStatus());
          merged.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
          return merged;
        }
      } catch (NumberFormatException e) {
        // Opaque resourceVersions cannot be ordered: trust the cache.
      }
    }
    lastWritten.remove(key);
    return cached;
  }

  /** Step 3: drop finished and vanished Jobs from {@code status.active}; track lastSuccessfulTime. */
  private void reconcileActive(CronJob cj, List<Job> children) {
    List<ObjectReference> active = active(cj);
    Set<String> childUids = new HashSet<>();
    for (Job job : children) {
      childUids.add(job.getMetadata().getUid());
      boolean listed = active.stream().anyMatch(r -> job.getMetadata().getUid().equals(r.getUid()));
      Optional<String> finished = CronJobJobs.finishedType(job);
      if (!listed && finished.isEmpty()) {
        recorder.event(cj, EventRecorder.WARNING, "UnexpectedJob",
            "Saw a job that the controller did not create or forgot: " + job.getMetadata().getName());
      } else if (listed && finished.isPresent()) {
        active.removeIf(r -> job.getMetadata().getUid().equals(r.getUid()));
        recorder.event(cj, EventRecorder.NORMAL, "SawCompletedJob",
            "Saw completed job: " + job.getMetadata().getName() + ", status: " + finished.get());
      }
      if (finished.filter("Complete"::equals).isPresent() && job.getStatus().getCompletionTime() != null) {
        String last = cj.getStatus().getLastSuccessfulTime();
        String completion = job.getStatus().getCompletionTime();
        if (last == null || Instant.parse(completion).isAfter(Instant.parse(last))) {
          cj.getStatus().setLastSuccessfulTime(completion);
        }
      }
    }
    for (ObjectReference ref : List.copyOf(active)) {
      if (!childUids.contains(ref.getUid()) && control.getJob(ref.getNamespace(), ref.getName())
          .filter(j -> ref.getUid().equals(j.getMetadata().getUid())).isEmpty()) {
        active.remove(ref);
        recorder.event(cj, EventRecorder.NORMAL, "MissingJob", "Active job went missing: " + ref.getName());
      }
    }
    setActive(cj, active);
  }

  /** Steps 4–10. */
  private Result schedule(CronJob cj, Instant now) {
    if (cj.getMetadata().getDeletionTimestamp() != null || Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
      return Result.done();
    }
    CronSchedule schedule;
    try {
      schedule = CronSchedule.parse(cj.getSpec().getSchedule(), cj.getSpec().getTimeZone());
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("unknown time zone") && cj.getSpec().getTimeZone() != null) {
        recorder.event(cj, EventRecorder.WARNING, "UnknownTimeZone",
            "invalid timeZone: \"" + cj.getSpec().getTimeZone() + "\": " + e.getMessage());
      } else {
        recorder.event(cj, EventRecorder.WARNING, "UnparseableSchedule",
            "unparseable schedule: \"" + cj.getSpec().getSchedule() + "\" : " + e.getMessage());
      }
      return Result.done();
    }
    if (schedule.usesTzPrefix()) {
      recorder.event(cj, EventRecorder.WARNING, "UnsupportedSchedule", "CRON_TZ or TZ used in schedule \""
          + cj.getSpec().getSchedule() + "\" is not officially supported, see "
          + "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details");
    }
    Instant earliest = earliest(cj);
    Long deadline = cj.getSpec().getStartingDeadlineSeconds();
    Instant startFrom = earliest;
    if (deadline != null && now.minusSeconds(deadline).isAfter(startFrom)) {
      startFrom = now.minusSeconds(deadline);
    }
    MissedRuns due;
    try {
      due = MissedRuns.compute(schedule, startFrom, now);
    } catch (IllegalArgumentException e) {
      recorder.event(cj, EventRecorder.WARNING, "InvalidSchedule",
          "invalid schedule: " + cj.getSpec().getSchedule() + " : " + e.getMessage());
      return Result.done();
    }
    if (due.tooMany()) {
      recorder.event(cj, EventRecorder.WARNING, "TooManyMissedTimes",
          "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
    }
    Result next = requeueAtNext(schedule, earliest, now);
    if (due.mostRecent().isEmpty()) {
      return next;
    }
    Instant scheduled = due.mostRecent().get();
    if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
      recorder.event(cj, EventRecorder.WARNING, "MissSchedule",
          "Missed scheduled time to start a job: " + RFC1123Z.format(scheduled.atZone(ZoneOffset.UTC)));
      return next;
    }
    String name = CronJobJobs.jobName(cj, scheduled);
    List<ObjectReference> active = active(cj);
    String last = cj.getStatus().getLastScheduleTime();
    if (active.stream().anyMatch(r -> name.equals(r.getName()))
        || (last != null && Instant.parse(last).equals(scheduled))) {
      return next;
    }
    String policy = cj.getSpec().getConcurrencyPolicy() == null ? "Allow" : cj.getSpec().getConcurrencyPolicy();
    if ("Forbid".equals(policy) && !active.isEmpty()) {
      recorder.event(cj, EventRecorder.NORMAL, "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid");
      return next;
    }
    if ("Replace".equals(policy)) {
      for (ObjectReference ref : List.copyOf(active)) {
        deleteJob(cj, ref.getNamespace(), ref.getName());
        active.remove(ref);
      }
    }
    Job created;
    try {
      created = control.createJob(cj.getMetadata().getNamespace(), CronJobJobs.newJob(cj, scheduled, schedule.zone()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Optional<Job> existing = control.getJob(cj.getMetadata().getNamespace(), name);
        if (existing.isPresent() && CronJobJobs.isControlledBy(existing.get(), cj)
            && active.stream().noneMatch(r -> existing.get().getMetadata().getUid().equals(r.getUid()))) {
          active.add(CronJobJobs.reference(existing.get()));
          setActive(cj, active);
          cj.getStatus().setLastScheduleTime(Timestamps.format(scheduled));
        }
        return next;
      }
      recorder.event(cj, EventRecorder.WARNING, "FailedCreate", "Error creating job: " + message(e));
      setActive(cj, active);
      throw e;
    }
    recorder.event(cj, EventRecorder.NORMAL, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
    active.add(CronJobJobs.reference(created));
    setActive(cj, active);
    cj.getStatus().setLastScheduleTime(Timestamps.format(scheduled));
    return next;
  }

  /** Step 2 (run after scheduling, as upstream's sync does). */
  private void cleanupHistory(CronJob cj, List<Job> children) {
    List<Job> victims = new ArrayList<>();
    victims.addAll(JobHistory.toDelete(children, "Complete", cj.getSpec().getSuccessfulJobsHistoryLimit()));
    victims.addAll(JobHistory.toDelete(children, "Failed", cj.getSpec().getFailedJobsHistoryLimit()));
    List<ObjectReference> active = active(cj);
    for (Job job : victims) {
      if (deleteJob(cj, job.getMetadata().getNamespace(), job.getMetadata().getName())) {
        active.removeIf(r -> job.getMetadata().getUid().equals(r.getUid()));
      }
    }
    setActive(cj, active);
  }

  private boolean deleteJob(CronJob cj, String namespace, String name) {
    try {
      control.deleteJob(namespace, name);
      recorder.event(cj, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted job " + name);
      return true;
    } catch (KubernetesClientException e) {
      recorder.event(cj, EventRecorder.WARNING, "FailedDelete", "Deleted job: " + message(e));
      return false;
    }
  }

  /**
   * Next activation after the most recent one that is due (or after {@code earliest} if none is),
   * plus 100 ms (upstream {@code nextScheduleTimeDuration}); that activation is always after now.
   */
  private Result requeueAtNext(CronSchedule schedule, Instant earliest, Instant now) {
    Instant from = MissedRuns.compute(schedule, earliest, now).mostRecent().orElse(earliest);
    return schedule.next(from)
        .map(t -> Result.requeueAfter(Duration.between(now, t).plus(NEXT_SCHEDULE_DELTA)))
        .orElse(Result.done());
  }

  private static Instant earliest(CronJob cj) {
    String last = cj.getStatus().getLastScheduleTime();
    if (last != null) {
      return Instant.parse(last);
    }
    String created = cj.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private static List<ObjectReference> active(CronJob cj) {
    return new ArrayList<>(cj.getStatus().getActive() == null ? List.of() : cj.getStatus().getActive());
  }

  /** An empty active list is omitted, as upstream's {@code omitempty}. */
  private static void setActive(CronJob cj, List<ObjectReference> active) {
    cj.getStatus().setActive(active.isEmpty() ? null : active);
  }

  private static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
