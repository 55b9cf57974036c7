package dev.klite.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Measures 6 (pod start latency) and 7 (Job throughput); klite only: the peer runs no pods. */
final class PodMeasure {
  static final String POD_NS = "bench-podstart";

  record Figures(List<Double> podStart, List<Double> bigJobSeconds, List<Double> bigJobPodsPerSecond,
      List<Double> smallJobsSeconds, List<Double> smallJobsPodsPerSecond) {}

  static Figures run(ServerProcess server, Sizes sizes) {
    Api api = new Api(server.endpoint());
    try (KubernetesClient client = server.endpoint().fabric8Client()) {
      List<Double> podStart = podStart(api, client, sizes.podStarts());
      List<Double> bigSec = new ArrayList<>();
      List<Double> bigRate = new ArrayList<>();
      List<Double> smallSec = new ArrayList<>();
      List<Double> smallRate = new ArrayList<>();
      for (int run = 0; run < sizes.jobRuns(); run++) {
        String ns = "bench-job-" + run;
        api.createNamespace(ns);
        double s = jobs(client, ns, 1, sizes.bigJobCompletions(), sizes.bigJobParallelism());
        bigSec.add(s);
        bigRate.add(sizes.bigJobCompletions() / s);
        String ns2 = "bench-jobs-" + run;
        api.createNamespace(ns2);
        s = jobs(client, ns2, sizes.smallJobs(), sizes.smallJobPods(), sizes.smallJobPods());
        smallSec.add(s);
        smallRate.add(sizes.smallJobs() * sizes.smallJobPods() / s);
      }
      return new Figures(podStart, bigSec, bigRate, smallSec, smallRate);
    }
  }

  /** Sequentially: create a pod running {@code sleep}, time until a watch sees it Running, delete it. */
  private static List<Double> podStart(Api api, KubernetesClient client, int pods) {
    api.createNamespace(POD_NS);
    Map<String, long[]> sent = new ConcurrentHashMap<>();
    Map<String, CountDownLatch> running = new ConcurrentHashMap<>();
    List<Double> ms = new ArrayList<>();
    Watcher<Pod> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        long now = System.nanoTime();
        String name = pod.getMetadata().getName();
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) return;
        long[] t = sent.get(name);
        CountDownLatch l = running.get(name);
        if (t != null && l != null && t[1] == 0) {
          t[1] = now;
          l.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // closed by the measure
      }
    };
    try (Watch w = client.pods().inNamespace(POD_NS).watch(watcher)) {
      for (int i = -1; i < pods; i++) {
        String name = "start-" + (i + 1);
        CountDownLatch latch = new CountDownLatch(1);
        long[] t = {System.nanoTime(), 0};
        sent.put(name, t);
        running.put(name, latch);
        api.create("/api/v1/namespaces/" + POD_NS + "/pods", Api.pod(name, "sleep", "300"));
        if (!latch.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("pod " + name + " not Running in 60 s");
        if (i >= 0) ms.add((t[1] - t[0]) / 1e6);
        client.pods().inNamespace(POD_NS).withName(name).withGracePeriod(0).delete();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return ms;
  }

  /** Creates {@code jobs} Jobs of {@code true} and returns the seconds until all are Complete. */
  private static double jobs(KubernetesClient client, String ns, int jobs, int completions, int parallelism) {
    long t0 = System.nanoTime();
    for (int j = 0; j < jobs; j++) {
      Job job = new JobBuilder()
          .withNewMetadata().withName("job-" + j).endMetadata()
          .withNewSpec().withCompletions(completions).withParallelism(parallelism).withBackoffLimit(6)
          .withNewTemplate().withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(0L)
          .addNewContainer().withName("c").withImage("busybox:1.35").withCommand("true").endContainer()
          .endSpec().endTemplate().endSpec().build();
      client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    }
    try {
      client.batch().v1().jobs().inNamespace(ns)
          .informOnCondition(list -> list.size() == jobs && list.stream().allMatch(PodMeasure::complete))
          .get(30, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("jobs in " + ns + " did not complete", e);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static boolean complete(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static List<Row> rows(Sizes sizes, Figures f) {
    Summary none = Summary.empty("");
    String peerNa = "peer: n/a (runs no pods)";
    return List.of(
        Row.withTarget("6a", "pod created → Running seen by a watch (`sleep 300`, %d pods, one at a time)"
            .formatted(sizes.podStarts()), Summary.of(f.podStart(), "ms"), none, "p99 < 100 ms", true, true, 100, peerNa),
        Row.of("7a", "Job: %,d completions of `true`, parallelism %d: wall time".formatted(sizes.bigJobCompletions(),
            sizes.bigJobParallelism()), Summary.of(f.bigJobSeconds(), "s"), none, peerNa),
        Row.withTarget("7b", "  the same as pods/s", Summary.of(f.bigJobPodsPerSecond(), "pods/s"), none,
            "≥ 100 pods/s", false, false, 100, "quoted anchor: upstream ~19 s for 1,000 Indexed pods at 100 QPS"),
        Row.of("7c", "%d Jobs × %d pods of `true`, created at once: wall time".formatted(sizes.smallJobs(),
            sizes.smallJobPods()), Summary.of(f.smallJobsSeconds(), "s"), none, peerNa),
        Row.withTarget("7d", "  the same as pods/s", Summary.of(f.smallJobsPodsPerSecond(), "pods/s"), none,
            "≥ 100 pods/s", false, false, 100, ""));
  }
}
