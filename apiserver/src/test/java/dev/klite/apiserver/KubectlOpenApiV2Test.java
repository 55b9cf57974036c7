package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl 1.27 reads the protobuf {@code /openapi/v2} for everything OpenAPI: whether the server
 * validates fields ({@code apply -f} with the default {@code --validate=strict}), the merge keys
 * of its client-side apply patches and {@code explain}. Skipped when kubectl.1.27 is not
 * installed, unless KLITE_REQUIRE_KUBECTL=1.
 */
class KubectlOpenApiV2Test {
  @TempDir
  static Path dir;
  static ApiServer server;
  static Path kubeconfig;
  static Path kubectl;

  private record Run(int exit, String out) {}

  @BeforeAll
  static void start() throws IOException {
    kubectl = locate("kubectl.1.27");
    if (kubectl == null && "1".equals(System.getenv("KLITE_REQUIRE_KUBECTL"))) {
      throw new AssertionError("kubectl.1.27 not found on PATH nor next to kubectl's real path");
    }
    assumeTrue(kubectl != null, "kubectl.1.27 not installed");
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    kubeconfig = TestKubeconfig.write(dir, server);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static Path locate(String binary) throws IOException {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (d.isEmpty()) continue;
      Path candidate = Path.of(d, binary);
      if (Files.isExecutable(candidate)) return candidate;
      Path real = Path.of(d, "kubectl");
      if (Files.isExecutable(real)) {
        Path sibling = real.toRealPath().getParent().resolve(binary);
        if (Files.isExecutable(sibling)) return sibling;
      }
    }
    return null;
  }

  private Run run(String ns, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache-" + ns).toString(), "--request-timeout=30s", "-n", ns));
    cmd.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "kubectl", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + List.of(args) + " did not finish in 90s: " + Files.readString(output));
    }
    return new Run(p.exitValue(), Files.readString(output));
  }

  private String ok(String ns, String... args) throws Exception {
    Run r = run(ns, args);
    assertThat(r.exit()).as("%s: %s", List.of(args), r.out()).isZero();
    return r.out();
  }

  private static Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void applyValidatesOnTheServerAndRejectsUnknownFields() throws Exception {
    String ns = "v2-strict";
    ok("default", "create", "namespace", ns);
    Path bad = file("bad.yaml", """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: bad}
        spec:
          bogus: 1
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox}]
        """);
    Run r = run(ns, "apply", "-f", bad.toString());
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("unknown field \"spec.bogus\"");
    assertThat(run(ns, "get", "job", "bad").out()).contains("NotFound");
  }

  /** The v2 merge key of containers makes the patch touch one container field, not the whole list. */
  @Test
  void reapplyingAChangedContainerPatchesItByName() throws Exception {
    String ns = "v2-merge";
    ok("default", "create", "namespace", ns);
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - {name: main, image: %s, ports: [{containerPort: 80}]}
          - {name: side, image: busybox}
        """;
    assertThat(ok(ns, "apply", "-f", file("pod1.yaml", pod.formatted("nginx:1")).toString())).contains("pod/web created");
    assertThat(ok(ns, "apply", "-f", file("pod1.yaml", pod.formatted("nginx:1")).toString())).contains("pod/web unchanged");
    assertThat(ok(ns, "apply", "-f", file("pod2.yaml", pod.formatted("nginx:2")).toString(), "-v=8"))
        .contains("\"$setElementOrder/containers\":[{\"name\":\"main\"},{\"name\":\"side\"}]")
        .contains("pod/web configured");
    assertThat(ok(ns, "get", "pod", "web", "-o", "jsonpath={.spec.containers[*].image}")).isEqualTo("nginx:2 busybox");
  }

  @Test
  void explainPrintsTheFieldTreeFromTheV2Document() throws Exception {
    String out = ok("default", "explain", "job.spec.template.spec.containers", "--output=plaintext-openapiv2");
    assertThat(out).contains("RESOURCE: containers <[]Object>").contains("FIELDS:").contains("image\t<string>")
        .contains("env\t<[]Object>");
    assertThat(ok("default", "explain", "job.spec.template.spec.containers")).contains("FIELDS:")
        .contains("image").contains("ports");
  }
}
