package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl against the server (skipped when kubectl is not on PATH, unless
 * KLITE_REQUIRE_KUBECTL=1): TLS with the generated CA, token auth, discovery, apply, tables, delete.
 */
class KubectlCompatTest {
  @TempDir
  Path dir;

  private record Run(int exit, String out) {}

  private Run kubectl(Path kubeconfig, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("cache").toString(), "--request-timeout=20s"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void kubectlAppliesListsAndDeletesAJob() throws Exception {
    if (!"1".equals(System.getenv("KLITE_REQUIRE_KUBECTL"))) assumeTrue(TestKubeconfig.kubectlOnPath(), "kubectl not on PATH");
    try (ApiServer server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true))) {
      Path kc = TestKubeconfig.write(dir, server);
      Path job = dir.resolve("job.yaml");
      Files.writeString(job, """
          apiVersion: batch/v1
          kind: Job
          metadata: {name: hello}
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [{name: main, image: busybox, command: [echo, hi]}]
          """);
      Run ns = kubectl(kc, "get", "ns");
      assertThat(ns.exit()).as(ns.out()).isZero();
      assertThat(ns.out()).contains("kube-system").contains("Active");
      assertThat(kubectl(kc, "apply", "-f", job.toString()).out()).contains("job.batch/hello created");
      assertThat(kubectl(kc, "apply", "-f", job.toString()).out()).contains("job.batch/hello unchanged");
      Run jobs = kubectl(kc, "get", "jobs");
      assertThat(jobs.out()).contains("COMPLETIONS").contains("hello");
      Run deleted = kubectl(kc, "delete", "job", "hello");
      assertThat(deleted.exit()).as(deleted.out()).isZero();
      Run cm = kubectl(kc, "create", "configmap", "settings", "--from-literal=a=b");
      assertThat(cm.out()).contains("configmap/settings created");
      Run secret = kubectl(kc, "create", "secret", "generic", "s", "--from-literal=pw=hunter2");
      assertThat(secret.out()).contains("secret/s created");
      Run ns2 = kubectl(kc, "create", "namespace", "team-a");
      assertThat(ns2.out()).contains("namespace/team-a created");
      Run job2 = kubectl(kc, "create", "job", "once", "--image=busybox", "--", "echo", "hi");
      assertThat(job2.out()).contains("job.batch/once created");
      Run yaml = kubectl(kc, "get", "cm", "settings", "-o", "jsonpath={.data.a}");
      assertThat(yaml.out()).isEqualTo("b");
      Run pw = kubectl(kc, "get", "secret", "s", "-o", "jsonpath={.data.pw}");
      assertThat(pw.out()).isEqualTo("aHVudGVyMg==");
      Run image = kubectl(kc, "get", "job", "once", "-o", "jsonpath={.spec.template.spec.containers[0].command}");
      assertThat(image.out()).isEqualTo("[\"echo\",\"hi\"]");
      Path cmFile = dir.resolve("cm.yaml");
      Files.writeString(cmFile, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\ndata: {a: '1'}\n");
      assertThat(kubectl(kc, "apply", "-f", cmFile.toString()).out()).contains("configmap/applied created");
      Files.writeString(cmFile, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\ndata: {a: '2'}\n");
      Run configured = kubectl(kc, "apply", "-f", cmFile.toString());
      assertThat(configured.out()).as(configured.out()).contains("configmap/applied configured");
      assertThat(kubectl(kc, "get", "cm", "applied", "-o", "jsonpath={.data.a}").out()).isEqualTo("2");
      Path ssa = dir.resolve("ssa.yaml");
      Files.writeString(ssa, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: '1'}\n");
      Run ssaCreate = kubectl(kc, "apply", "--server-side", "-f", ssa.toString());
      assertThat(ssaCreate.out()).as(ssaCreate.out()).contains("configmap/ssa serverside-applied");
      Files.writeString(ssa, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: '2'}\n");
      assertThat(kubectl(kc, "apply", "--server-side", "-f", ssa.toString()).out()).contains("serverside-applied");
      assertThat(kubectl(kc, "get", "cm", "ssa", "-o", "jsonpath={.data.a}").out()).isEqualTo("2");
      Run missing = kubectl(kc, "get", "job", "hello");
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.out()).contains("Error from server (NotFound): jobs.batch \"hello\" not found");
    }
  }
}
