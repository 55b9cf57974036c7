package dev.klite.conformance.support;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a client watching one Job observes, in order: every version of the Job (a watch on it by
 * name) and every core/v1 Event about it (a watch on the namespace's Events). Open it before the Job
 * is created.
 */
public final class JobTimeline implements AutoCloseable {
  private final String job;
  private final RecordingWatcher<Job> jobs = new RecordingWatcher<>();
  private final RecordingWatcher<Event> events = new RecordingWatcher<>();
  private final Watch jobWatch;
  private final Watch eventWatch;

  public JobTimeline(KubernetesClient client, String job) {
    this.job = job;
    this.eventWatch = client.v1().events().watch(events);
    this.jobWatch = client.batch().v1().jobs().withName(job).watch(jobs);
  }

  /** Waits for a version of the Job that satisfies {@code test}; returns it. */
  public Job awaitJob(Predicate<Job> test, Duration timeout) throws InterruptedException {
    return jobs.nextMatching(e -> test.test(e.object()), timeout).object();
  }

  /** Waits for an Event about the Job with this reason; returns it. */
  public Event awaitEvent(String reason, Duration timeout) throws InterruptedException {
    return events.nextMatching(e -> about(e.object()) && reason.equals(e.object().getReason()), timeout).object();
  }

  /** The versions of the Job seen so far, oldest first (the first is the one the create stored). */
  public List<Job> states() {
    return jobs.seen().stream().map(RecordingWatcher.Event::object).toList();
  }

  /** The Events about the Job seen so far (first appearance of each), oldest first. */
  public List<Event> events() {
    return events.seen().stream().map(RecordingWatcher.Event::object).filter(this::about)
        .filter(distinctByName()).toList();
  }

  private boolean about(Event e) {
    return e.getInvolvedObject() != null && "Job".equals(e.getInvolvedObject().getKind()) && job.equals(e.getInvolvedObject().getName());
  }

  private static Predicate<Event> distinctByName() {
    java.util.Set<String> names = new java.util.HashSet<>();
    return e -> names.add(e.getMetadata().getName());
  }

  /** The condition of this type, if the Job has it. */
  public static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) return Optional.empty();
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** True when the Job has the condition with status True. */
  public static boolean has(Job job, String type) {
    return condition(job, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  @Override
  public void close() {
    jobWatch.close();
    eventWatch.close();
  }
}
