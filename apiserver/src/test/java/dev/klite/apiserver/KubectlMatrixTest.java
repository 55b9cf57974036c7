package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API-server commands of kubectl-wire.md §5 with several kubectl minors, each called
 * directly (the {@code kubectl} dispatcher would pick the binary from the server's minor). A
 * binary that is not installed is skipped with its reason, unless KLITE_REQUIRE_KUBECTL=1.
 */
class KubectlMatrixTest {
  private static final Logger log = LoggerFactory.getLogger(KubectlMatrixTest.class);

  @TempDir
  static Path dir;
  static ApiServer server;
  static Path kubeconfig;

  private record Run(int exit, String out) {}

  @BeforeAll
  static void start() throws IOException {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    kubeconfig = TestKubeconfig.write(dir, server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<String> binaries() {
    return Stream.of("kubectl.1.27", "kubectl.1.30", "kubectl.1.33", "kubectl");
  }

  /** The binary on PATH or next to the resolved target of {@code kubectl} (the Cloud SDK bin dir). */
  private static Path locate(String binary) throws IOException {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (d.isEmpty()) continue;
      Path candidate = Path.of(d, binary);
      if (Files.isExecutable(candidate)) return candidate;
      Path kubectl = Path.of(d, "kubectl");
      if (Files.isExecutable(kubectl)) {
        Path sibling = kubectl.toRealPath().getParent().resolve(binary);
        if (Files.isExecutable(sibling)) return sibling;
      }
    }
    return null;
  }

  private Run run(Path binary, String ns, Path cache, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", cache.toString(), "--request-timeout=20s", "-n", ns));
    cmd.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "kubectl", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + List.of(args) + " did not finish in 60s: " + Files.readString(output));
    }
    // cluster-info colours its output; compare the text.
    return new Run(p.exitValue(), Files.readString(output).replaceAll("\u001B\\[[0-9;]*m", ""));
  }

  private Run ok(Path binary, String ns, Path cache, String... args) throws Exception {
    Run r = run(binary, ns, cache, args);
    assertThat(r.exit()).as("%s %s: %s", binary.getFileName(), List.of(args), r.out()).isZero();
    return r;
  }

  private static Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaries")
  void apiServerCommandsBehaveAsAgainstARealCluster(String name) throws Exception {
    Path bin = locate(name);
    if (bin == null) {
      String reason = name + " not found on PATH nor next to kubectl's real path";
      if ("1".equals(System.getenv("KLITE_REQUIRE_KUBECTL"))) throw new AssertionError(reason);
      log.warn("skipping: {}", reason);
      assumeTrue(false, reason);
    }
    String ns = "m-" + name.replace('.', '-');
    Path cache = dir.resolve("cache-" + name);
    Path job = file(ns + "-job.yaml", """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: hello, labels: {app: demo}}
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox, command: [echo, hi]}]
        """);
    Path cm = file(ns + "-cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, labels: {tier: x}}\n"
        + "data: {a: '1'}\n");
    Path cm2 = file(ns + "-cm2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, labels: {tier: x}}\n"
        + "data: {a: '2'}\n");
    Path ssa = file(ns + "-ssa.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: '1'}\n");
    Path ssa2 = file(ns + "-ssa2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: '9'}\n");

    assertThat(ok(bin, "default", cache, "create", "namespace", ns).out()).contains("namespace/" + ns + " created");
    assertThat(ok(bin, ns, cache, "apply", "-f", job.toString()).out()).contains("job.batch/hello created");
    assertThat(ok(bin, ns, cache, "apply", "-f", job.toString()).out()).contains("job.batch/hello unchanged");
    assertThat(ok(bin, ns, cache, "apply", "-f", cm.toString()).out()).contains("configmap/cfg created");
    assertThat(ok(bin, ns, cache, "apply", "-f", cm2.toString()).out()).contains("configmap/cfg configured");
    assertThat(ok(bin, ns, cache, "apply", "--server-side", "-f", ssa.toString()).out())
        .contains("configmap/ssa serverside-applied");
    Run conflict = run(bin, ns, cache, "apply", "--server-side", "--field-manager=other", "-f", ssa2.toString());
    assertThat(conflict.exit()).isEqualTo(1);
    assertThat(conflict.out()).contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a");
    assertThat(ok(bin, ns, cache, "apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f",
        ssa2.toString()).out()).contains("configmap/ssa serverside-applied");
    assertThat(ok(bin, ns, cache, "get", "cm", "ssa", "-o", "jsonpath={.data.a}").out()).isEqualTo("9");

    Path created = file(ns + "-created.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: made}\n");
    assertThat(ok(bin, ns, cache, "create", "-f", created.toString()).out()).contains("configmap/made created");
    Run again = run(bin, ns, cache, "create", "-f", created.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.out()).contains("Error from server (AlreadyExists): error when creating")
        .contains("configmaps \"made\" already exists");

    assertThat(ok(bin, ns, cache, "get", "jobs", "-o", "wide").out()).contains("COMPLETIONS").contains("CONTAINERS")
        .contains("IMAGES").contains("SELECTOR").contains("busybox");
    assertThat(ok(bin, ns, cache, "get", "cm", "cfg", "--show-labels").out()).contains("LABELS").contains("tier=x");
    String sorted = ok(bin, ns, cache, "get", "cm", "--sort-by=.metadata.name", "-o", "name").out();
    assertThat(sorted.indexOf("configmap/cfg")).isLessThan(sorted.indexOf("configmap/made"));
    assertThat(sorted.indexOf("configmap/made")).isLessThan(sorted.indexOf("configmap/ssa"));
    Run watch = run(bin, ns, cache, "get", "cm", "--watch", "--request-timeout=2s");
    assertThat(watch.out()).contains("cfg").contains("made");
    assertThat(ok(bin, ns, cache, "describe", "job", "hello").out()).contains("Name:").contains("hello")
        .contains("Pods Statuses:");

    assertThat(ok(bin, ns, cache, "label", "cm", "made", "team=a").out()).contains("configmap/made labeled");
    assertThat(ok(bin, ns, cache, "annotate", "cm", "made", "note=b").out()).contains("configmap/made annotate"); // 1.27 prints "annotate"
    assertThat(ok(bin, ns, cache, "patch", "cm", "made", "-p", "{\"data\":{\"s\":\"1\"}}").out())
        .contains("configmap/made patched");
    assertThat(ok(bin, ns, cache, "patch", "cm", "made", "--type=merge", "-p", "{\"data\":{\"m\":\"1\"}}").out())
        .contains("configmap/made patched");
    assertThat(ok(bin, ns, cache, "patch", "cm", "made", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"1\"}]").out()).contains("configmap/made patched");
    assertThat(ok(bin, ns, cache, "wait", "cm/made", "--for=jsonpath={.data.j}=1", "--timeout=10s").out())
        .contains("configmap/made condition met");
    Path replaced = file(ns + "-replaced.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: made}\n"
        + "data: {r: '1'}\n");
    assertThat(ok(bin, ns, cache, "replace", "-f", replaced.toString()).out()).contains("configmap/made replaced");
    assertThat(ok(bin, ns, cache, "get", "cm", "made", "-o", "jsonpath={.data}").out()).isEqualTo("{\"r\":\"1\"}");

    assertThat(ok(bin, ns, cache, "get", "all").out()).contains("job.batch/hello");
    assertThat(ok(bin, ns, cache, "delete", "cm", "made", "--cascade=background").out())
        .contains("configmap \"made\" deleted");
    assertThat(ok(bin, ns, cache, "delete", "cm", "cfg", "--cascade=orphan", "--wait=false").out())
        .contains("configmap \"cfg\" deleted");
    // Orphan and foreground deletions wait for the garbage collector (the controller module), which
    // this API-server-only test does not run.
    assertThat(ok(bin, ns, cache, "delete", "job", "hello", "--cascade=foreground", "--wait=false").out())
        .contains("job.batch \"hello\" deleted");
    Run missing = run(bin, ns, cache, "delete", "cm", "nope");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).contains("Error from server (NotFound): configmaps \"nope\" not found");

    assertThat(ok(bin, ns, cache, "api-resources").out()).contains("jobs").contains("batch/v1").contains("cronjobs");
    assertThat(ok(bin, ns, cache, "api-versions").out()).contains("batch/v1").contains("v1");
    assertThat(ok(bin, ns, cache, "explain", "job.spec.backoffLimit").out()).contains("FIELD")
        .contains("backoffLimit");
    assertThat(ok(bin, ns, cache, "explain", "job.spec.template.spec.containers").out()).contains("FIELDS:")
        .contains("image").contains("command").contains("env");
    // 1.27 still prints the long version.Info form by default.
    assertThat(ok(bin, ns, cache, "version").out()).containsAnyOf("Server Version: v1.32",
        "Server Version: version.Info{Major:\"1\", Minor:\"32\"");
    assertThat(ok(bin, ns, cache, "cluster-info").out()).contains("is running at " + server.url().toString()
        .replaceAll("/$", ""));
  }
}
