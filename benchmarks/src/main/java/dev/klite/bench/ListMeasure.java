package dev.klite.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measure 4 (list latency, kubectl get pods) and the loaded half of measure 2: loads
 * {@code listObjects} ConfigMaps and {@code listPods} pods of {@code true} into one server, waits
 * (klite) until every pod has Succeeded, then reads the server's RSS and times the lists.
 */
final class ListMeasure {
  static final String CM_NS = "bench-list";
  static final String POD_NS = "bench-pods";

  /** The raw samples of one server, merged into rows by {@link #rows}. */
  record Figures(double rssMiB, List<Double> onePage, List<Double> paged, int pages, List<Double> kubectl, String kubectlNote) {}

  static Figures run(ServerProcess server, Sizes sizes, boolean podsRun, Path workDir) {
    Api api = new Api(server.endpoint());
    api.createNamespace(CM_NS);
    api.createNamespace(POD_NS);
    Load.configMaps(api, CM_NS, "cm", 32, sizes.listObjects(), 256);
    Load.run(api, 8, sizes.listPods(), i -> new Load.Post("/api/v1/namespaces/" + POD_NS + "/pods",
        Api.pod("p-" + i, "true")));
    if (podsRun) awaitSucceeded(server.endpoint(), sizes.listPods());
    double rss = server.rssMiB();

    String path = "/api/v1/namespaces/" + CM_NS + "/configmaps";
    api.get(path); // warm-up: not counted
    List<Double> onePage = new ArrayList<>();
    List<Double> paged = new ArrayList<>();
    int pages = 0;
    for (int i = 0; i < sizes.listRuns(); i++) {
      long t0 = System.nanoTime();
      Api.Response r = api.get(path);
      if (r.status() != 200) throw new IllegalStateException("list answered " + r.status());
      onePage.add((System.nanoTime() - t0) / 1e6);
      t0 = System.nanoTime();
      pages = api.listAllPages(path, sizes.pageLimit());
      paged.add((System.nanoTime() - t0) / 1e6);
    }
    List<Double> kubectl = new ArrayList<>();
    String note = "";
    for (int i = 0; i < Math.min(3, sizes.listRuns()); i++) {
      KubectlRun k = kubectl(server.endpoint().kubeconfig(), workDir);
      if (k.exitCode != 0) {
        note = "kubectl exited " + k.exitCode + ": `" + k.firstErrorLine + "`";
        kubectl.clear();
        break;
      }
      kubectl.add(k.millis);
    }
    return new Figures(rss, onePage, paged, pages, kubectl, note);
  }

  static List<Row> rows(Sizes sizes, Figures klite, Figures peer) {
    String pageNote = "pages: klite " + klite.pages() + ", peer " + peer.pages()
        + (peer.pages() == 1 ? " (the peer ignores `limit` and returns everything at once)" : "");
    return List.of(
        Row.of("2b", "RSS after %,d ConfigMaps + %,d finished pods".formatted(sizes.listObjects(), sizes.listPods()),
            Summary.of(List.of(klite.rssMiB()), "MiB"), Summary.of(List.of(peer.rssMiB()), "MiB"),
            "peer: the pods are only stored, never run; one sample each"),
        Row.of("4a", "LIST %,d ConfigMaps (256 B of data each), one page".formatted(sizes.listObjects()),
            Summary.of(klite.onePage(), "ms"), Summary.of(peer.onePage(), "ms"), "whole response read; after one warm-up list"),
        Row.of("4b", "the same LIST paginated with limit=%d (all pages)".formatted(sizes.pageLimit()),
            Summary.of(klite.paged(), "ms"), Summary.of(peer.paged(), "ms"), pageNote),
        Row.of("4c", "`kubectl get pods` with %,d pods (wall time of the process)".formatted(sizes.listPods()),
            Summary.of(klite.kubectl(), "ms"), Summary.of(peer.kubectl(), "ms"),
            kubectlNote(klite, peer)));
  }

  private static String kubectlNote(Figures klite, Figures peer) {
    String note = "fresh `--cache-dir` per run, so each includes API discovery";
    if (!klite.kubectlNote().isEmpty()) note += "; klite: " + klite.kubectlNote();
    if (!peer.kubectlNote().isEmpty()) note += "; peer n/a, it serves no discovery (" + peer.kubectlNote() + ")";
    return note;
  }

  /** Waits with an informer whose handler only counts: O(1) per event, unlike a predicate over the whole cache. */
  private static void awaitSucceeded(Endpoint endpoint, int pods) {
    Set<String> done = ConcurrentHashMap.newKeySet();
    CountDownLatch all = new CountDownLatch(1);
    ResourceEventHandler<Pod> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        if (succeeded(pod) && done.add(pod.getMetadata().getName()) && done.size() >= pods) all.countDown();
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        onAdd(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        // pods are not deleted here
      }
    };
    try (KubernetesClient client = endpoint.fabric8Client();
         SharedIndexInformer<Pod> informer = client.pods().inNamespace(POD_NS).inform(handler)) {
      if (!all.await(15, TimeUnit.MINUTES)) {
        throw new IllegalStateException("only " + done.size() + " of " + pods + " pods succeeded in 15 min");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static boolean succeeded(Pod p) {
    return p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase());
  }

  private record KubectlRun(int exitCode, double millis, String firstErrorLine) {}

  private static KubectlRun kubectl(Path kubeconfig, Path workDir) {
    try {
      Path cache = Files.createTempDirectory(workDir, "kubectl-cache");
      Path out = Files.createTempFile(workDir, "kubectl", ".out");
      Path err = Files.createTempFile(workDir, "kubectl", ".err");
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache.toString(),
          "get", "pods", "-n", POD_NS).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new KubectlRun(-1, Double.NaN, "timed out");
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      String first = Files.readAllLines(err).stream().findFirst().orElse("");
      return new KubectlRun(p.exitValue(), ms, Api.abbreviate(first));
    } catch (IOException e) {
      return new KubectlRun(-1, Double.NaN, "cannot run kubectl: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
