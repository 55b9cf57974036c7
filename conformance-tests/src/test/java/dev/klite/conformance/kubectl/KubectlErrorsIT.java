package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real kubectl gets upstream's status, reason and message, nothing is
 * half-written, and the server keeps serving.
 */
@EnableKlite
class KubectlErrorsIT {

  @TempDir Path work;

  @Test
  void malformedBodyIsBadRequestAndServerKeepsServing(Klite klite) throws Exception {
    Path bad = Files.writeString(work.resolve("bad.json"), "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {");
    KubectlResult result = klite.kubectl("create", "--raw",
        "/api/v1/namespaces/" + klite.namespace() + "/configmaps", "-f", bad.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("Error from server (BadRequest)");

    // The root-CA publisher's kube-root-ca.crt is in every namespace, as on a real cluster.
    assertThat(klite.kubectl("get", "configmaps", "-o", "name").orThrow().lines())
        .filteredOn(line -> !line.equals("configmap/kube-root-ca.crt")).isEmpty();
    assertThat(klite.kubectl("get", "namespace", klite.namespace(), "-o", "name").orThrow())
        .contains("namespace/" + klite.namespace());
  }

  @Test
  void jobWithRestartPolicyAlwaysIsInvalid(Klite klite) throws Exception {
    Path job = Files.writeString(work.resolve("always.yaml"), """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: restarts-always
        spec:
          template:
            spec:
              restartPolicy: Always
              containers:
              - name: main
                image: busybox:1.35
                command: ["true"]
        """);
    KubectlResult result = klite.kubectl("apply", "-f", job.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains(
        "The Job \"restarts-always\" is invalid: spec.template.spec.restartPolicy: "
            + "Required value: valid values: \"OnFailure\", \"Never\"");
    assertThat(klite.kubectl("get", "jobs", "-o", "name").orThrow()).isBlank();
  }

  @Test
  void creatingAnExistingNameIsAlreadyExists(Klite klite) throws Exception {
    Path cm = Files.writeString(work.resolve("cm.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          mode: fast
        """);
    klite.kubectl("create", "-f", cm.toString()).orThrow();
    KubectlResult again = klite.kubectl("create", "-f", cm.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).contains(
        "Error from server (AlreadyExists): error when creating \"" + cm + "\": configmaps \"settings\" already exists");
  }

  @Test
  void updateWithStaleResourceVersionIsConflict(Klite klite) throws Exception {
    Path cm = Files.writeString(work.resolve("tuning.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: tuning
        data:
          level: "1"
        """);
    klite.kubectl("create", "-f", cm.toString()).orThrow();
    String stale = klite.kubectl("get", "configmap", "tuning", "-o", "json").orThrow();
    klite.kubectl("patch", "configmap", "tuning", "--type=merge", "-p", "{\"data\":{\"level\":\"2\"}}").orThrow();

    Path old = Files.writeString(work.resolve("old.json"), stale.replace("\"level\": \"1\"", "\"level\": \"3\""));
    KubectlResult result = klite.kubectl("replace", "-f", old.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains(
        "Error from server (Conflict): error when replacing \"" + old + "\": Operation cannot be fulfilled on "
            + "configmaps \"tuning\": the object has been modified; please apply your changes to the latest version and try again");
    assertThat(klite.kubectl("get", "configmap", "tuning", "-o", "jsonpath={.data.level}").orThrow()).isEqualTo("2");
  }
}
