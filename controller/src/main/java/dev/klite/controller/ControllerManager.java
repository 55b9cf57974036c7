package dev.klite.controller;

import dev.klite.controller.job.Fabric8JobControl;
import dev.klite.controller.job.Fabric8PodControl;
import dev.klite.controller.job.JobController;
import dev.klite.controller.job.JobMetrics;
import dev.klite.controller.cronjob.CronJobController;
import dev.klite.controller.cronjob.Fabric8CronJobControl;
import dev.klite.controller.gc.Fabric8GcControl;
import dev.klite.controller.gc.GarbageCollector;
import dev.klite.controller.runtime.Fabric8EventRecorder;
import dev.klite.controller.scheduler.Fabric8PodBinder;
import dev.klite.controller.scheduler.Scheduler;
import dev.klite.controller.ttl.Fabric8JobDeleter;
import dev.klite.controller.ttl.TtlAfterFinishedController;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the shared informers (Pods, Jobs, CronJobs, Nodes) and the controllers that read them:
 * Job, CronJob and TTL-after-finished controllers, scheduler and garbage collector. All API access
 * goes through the given client, so this works against any conformant API server.
 */
public final class ControllerManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

  private final MeterRegistry meterRegistry;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<AutoCloseable> controllers = new ArrayList<>();

  private ControllerManager(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
  }

  /**
   * Creates the informers and controllers, waits until every informer has listed once (at most
   * 60 s), then starts the workers. Blocks the calling thread until then.
   *
   * @throws IllegalStateException if the informers do not sync
   */
  public static ControllerManager start(KubernetesClient client, ControllerManagerConfig config) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    MeterRegistry registry = config.meterRegistry() != null ? config.meterRegistry() : new SimpleMeterRegistry();
    ControllerManager manager = new ControllerManager(registry);
    try {
      manager.startAll(client, config);
      return manager;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private void startAll(KubernetesClient client, ControllerManagerConfig config) {
    SharedIndexInformer<Pod> pods = track(client.pods().inAnyNamespace().runnableInformer(0));
    SharedIndexInformer<Job> jobs = track(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0));
    SharedIndexInformer<CronJob> cronJobs = track(client.batch().v1().cronjobs().inAnyNamespace().runnableInformer(0));
    SharedIndexInformer<Node> nodes = track(client.nodes().runnableInformer(0));

    JobController jobController = new JobController(jobs, pods, new Fabric8JobControl(client),
        new Fabric8PodControl(client), new Fabric8EventRecorder(client, "job-controller", "", config.clock()),
        config.clock(), config.podRecreationBaseBackoff(), config.podRecreationMaxBackoff(),
        config.jobSyncBatchPeriod(), config.workers(), new JobMetrics(meterRegistry));
    controllers.add(jobController);
    List<Runnable> starters = new ArrayList<>();
    starters.add(jobController::start);

    // One scheduling worker, as upstream's scheduleOne loop: concurrent placements could both
    // take the last free capacity of a node.
    Scheduler scheduler = new Scheduler(pods, nodes, new Fabric8PodBinder(client),
        new Fabric8EventRecorder(client, "default-scheduler", "default-scheduler-" + hostname(), config.clock()),
        config.clock(), 1);
    controllers.add(scheduler);
    starters.add(scheduler::start);

    int auxWorkers = Math.min(2, config.workers());
    GarbageCollector gc = new GarbageCollector(pods, jobs, cronJobs, new Fabric8GcControl(client), config.clock(),
        auxWorkers);
    controllers.add(gc);
    starters.add(gc::start);

    CronJobController cronJobController = new CronJobController(cronJobs, jobs, new Fabric8CronJobControl(client),
        new Fabric8EventRecorder(client, "cronjob-controller", "", config.clock()), config.clock(), config.workers());
    controllers.add(cronJobController);
    starters.add(cronJobController::start);

    TtlAfterFinishedController ttl = new TtlAfterFinishedController(jobs, new Fabric8JobDeleter(client),
        config.clock(), auxWorkers);
    controllers.add(ttl);
    starters.add(ttl::start);

    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> informer : informers) {
      started.add(informer.start().toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for informers to sync", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("informers did not sync", e);
    }
    starters.forEach(Runnable::run);
    log.info("controller manager started: job-controller, cronjob-controller, default-scheduler, "
        + "garbage-collector, ttl-after-finished-controller");
  }

  private <T> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** Stops informers and workers, waiting briefly for in-flight reconciles. */
  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : informers) {
      informer.stop();
    }
    for (AutoCloseable c : controllers) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error stopping {}", c, e);
      }
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
