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
import dev.klite.controller.discovery.Fabric8Discovery;
import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.namespace.Fabric8NamespaceControl;
import dev.klite.controller.namespace.NamespaceController;
import dev.klite.controller.resourcequota.Fabric8QuotaStatusControl;
import dev.klite.controller.resourcequota.ResourceQuotaController;
import dev.klite.controller.rootca.Fabric8ConfigMapControl;
import dev.klite.controller.rootca.RootCa;
import dev.klite.controller.rootca.RootCaPublisher;
import dev.klite.controller.serviceaccount.Fabric8ServiceAccountControl;
import dev.klite.controller.serviceaccount.ServiceAccountsController;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the shared informers (Pods, Jobs, CronJobs, Nodes, Namespaces, ServiceAccounts, ConfigMaps,
 * Secrets, Services, ResourceQuotas) and the controllers that read them:
 * Job, CronJob, TTL-after-finished, namespace, ServiceAccount and ResourceQuota controllers, root-CA
 * publisher, scheduler and garbage collector. All API access
 * goes through the given client, so this works against any conformant API server.
 */
public final class ControllerManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

  private static final List<String> GC_VERBS = List.of("delete", "get", "list", "patch", "watch");
  /** Coalesces bursts of informer events into one garbage-collector pass. */
  private static final Duration GC_BATCH_PERIOD = Duration.ofMillis(100);

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
    // Upstream resyncs namespaces every 5 minutes (--namespace-sync-period), which retries stuck deletions.
    SharedIndexInformer<Namespace> namespaces = track(client.namespaces().runnableInformer(300_000L));

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
    SharedIndexInformer<ServiceAccount> serviceAccounts =
        track(client.serviceAccounts().inAnyNamespace().runnableInformer(0));
    SharedIndexInformer<ConfigMap> configMaps = track(client.configMaps().inAnyNamespace().runnableInformer(0));
    // Upstream re-checks every quota each --resource-quota-sync-period (5 minutes).
    SharedIndexInformer<ResourceQuota> quotas = track(client.resourceQuotas().inAnyNamespace().runnableInformer(300_000L));
    SharedIndexInformer<Secret> secrets = track(client.secrets().inAnyNamespace().runnableInformer(0));
    SharedIndexInformer<Service> services = track(client.services().inAnyNamespace().runnableInformer(0));
    Fabric8Discovery discovery = new Fabric8Discovery(client);
    // Every type the manager caches anyway feeds the collector from its cache; the others (few objects each) are
    // relisted (GraphSweep).
    GarbageCollector gc = new GarbageCollector(List.of(
        new GarbageCollector.Source(new ResourceType("", "v1", "configmaps", "ConfigMap", true, GC_VERBS), configMaps),
        new GarbageCollector.Source(new ResourceType("", "v1", "secrets", "Secret", true, GC_VERBS), secrets),
        new GarbageCollector.Source(new ResourceType("", "v1", "services", "Service", true, GC_VERBS), services),
        new GarbageCollector.Source(new ResourceType("", "v1", "serviceaccounts", "ServiceAccount", true, GC_VERBS),
            serviceAccounts),
        new GarbageCollector.Source(new ResourceType("", "v1", "resourcequotas", "ResourceQuota", true, GC_VERBS),
            quotas),
        new GarbageCollector.Source(new ResourceType("", "v1", "pods", "Pod", true, GC_VERBS), pods),
        new GarbageCollector.Source(new ResourceType("batch", "v1", "jobs", "Job", true, GC_VERBS), jobs),
        new GarbageCollector.Source(new ResourceType("batch", "v1", "cronjobs", "CronJob", true, GC_VERBS), cronJobs),
        new GarbageCollector.Source(new ResourceType("", "v1", "nodes", "Node", false, GC_VERBS), nodes),
        new GarbageCollector.Source(new ResourceType("", "v1", "namespaces", "Namespace", false, GC_VERBS), namespaces)),
        new Fabric8GcControl(client, discovery), config.clock(), config.gcRelistPeriod(), GC_BATCH_PERIOD);
    controllers.add(gc);
    starters.add(gc::start);

    CronJobController cronJobController = new CronJobController(cronJobs, jobs, new Fabric8CronJobControl(client),
        new Fabric8EventRecorder(client, "cronjob-controller", "", config.clock()), config.clock(), config.workers());
    controllers.add(cronJobController);
    starters.add(cronJobController::start);

    NamespaceController namespaceController = new NamespaceController(namespaces, pods,
        new Fabric8NamespaceControl(client, discovery), config.clock(), auxWorkers);
    controllers.add(namespaceController);
    starters.add(namespaceController::start);

    TtlAfterFinishedController ttl = new TtlAfterFinishedController(jobs, new Fabric8JobDeleter(client),
        config.clock(), auxWorkers);
    controllers.add(ttl);
    starters.add(ttl::start);

    ServiceAccountsController serviceAccountController = new ServiceAccountsController(namespaces, serviceAccounts,
        new Fabric8ServiceAccountControl(client), config.clock(), 1);
    controllers.add(serviceAccountController);
    starters.add(serviceAccountController::start);
    ResourceQuotaController quotaController = new ResourceQuotaController(quotas, pods, services,
        Map.of("configmaps", configMaps, "secrets", secrets, "serviceaccounts", serviceAccounts,
            "resourcequotas", quotas, "jobs.batch", jobs, "cronjobs.batch", cronJobs),
        new Fabric8QuotaStatusControl(client), config.clock(), auxWorkers);
    controllers.add(quotaController);
    starters.add(quotaController::start);
    RootCa.fromClientConfig(client.getConfiguration()).ifPresent(ca -> {
      RootCaPublisher publisher = new RootCaPublisher(namespaces, configMaps, new Fabric8ConfigMapControl(client), ca,
          config.clock(), 1);
      controllers.add(publisher);
      starters.add(publisher::start);
    });

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
        + "garbage-collector, ttl-after-finished-controller, namespace-controller, serviceaccount-controller, "
        + "root-ca-cert-publisher, resourcequota-controller");
  }

  private <T> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** Stops workers (waiting briefly for in-flight reconciles), then informers (waiting up to 5 s for their watches to close). */
  @Override
  public void close() {
    // Workers first, so no write is in flight (and no watch event on its way) when the watches close.
    for (AutoCloseable c : controllers) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("error stopping {}", c, e);
      }
    }
    List<CompletableFuture<Void>> stopped = new ArrayList<>();
    for (SharedIndexInformer<?> informer : informers) {
      informer.stop();
      stopped.add(informer.stopped().toCompletableFuture());
    }
    // Return only once the watches are closed, so a caller that deletes objects right after
    // close() does not race a watch event against the closing connection.
    try {
      CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("informers did not stop within 5 s: {}", e.toString());
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
