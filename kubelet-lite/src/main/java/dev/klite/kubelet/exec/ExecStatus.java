package dev.klite.kubelet.exec;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;

/**
 * The {@code metav1.Status} sent on the error channel (3) when an exec ends
 * ({@code pkg/kubelet/cri/streaming/remotecommand/exec.go} ServeExec, reason and cause type from
 * {@code staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go}). Marshalled like Go's json of
 * {@code status.Status()}: no apiVersion/kind, an empty {@code metadata}. Pure.
 */
final class ExecStatus {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private ExecStatus() {}

  static byte[] success() {
    return json(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Success").build());
  }

  /** Go's {@code exec.ExitError} prints {@code exit status N}; kubectl exits with the cause's code. */
  static byte[] exitCode(int code) {
    return json(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
        .withMessage("command terminated with non-zero exit code: exit status " + code).withReason("NonZeroExitCode")
        .withNewDetails().withCauses(new StatusCause(null, "" + code, "ExitCode")).endDetails().build());
  }

  /** {@code apierrors.NewInternalError(fmt.Errorf("error executing command in container: %v", err))}. */
  static byte[] internalError(String error) {
    String err = "error executing command in container: " + error;
    return json(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure").withCode(500)
        .withReason("InternalError").withMessage("Internal error occurred: " + err)
        .withNewDetails().withCauses(new StatusCause(null, err, null)).endDetails().build());
  }

  private static byte[] json(Status status) {
    // fabric8 fills in the type meta; Go's json of status.Status() has none.
    status.setApiVersion(null);
    status.setKind(null);
    return JSON.asJson(status).getBytes(StandardCharsets.UTF_8);
  }
}
