package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A container's liveness, readiness and startup probes, as far as upstream's validateProbe / validateHandler
 * (pkg/apis/core/validation/validation.go) go here: exactly one handler, and a gRPC handler's port a valid port
 * number. Other probe fields are accepted as given.
 */
final class ProbeValidation {
  private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
  /** Handler fields in upstream's order: the second one set is the one reported. */
  private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");

  private ProbeValidation() {}

  /** Validates the probes of container {@code c} at path {@code p}. */
  static void validate(ObjectNode c, String p, List<StatusCause> causes) {
    for (String name : PROBES) {
      ObjectNode probe = Fields.object(c, name);
      if (probe != null) {
        probe(probe, p + "." + name, causes);
      }
    }
  }

  private static void probe(ObjectNode probe, String p, List<StatusCause> causes) {
    int handlers = 0;
    for (String h : HANDLERS) {
      JsonNode v = probe.get(h);
      if (v == null || v.isNull()) {
        continue;
      }
      if (handlers++ > 0) {
        causes.add(Causes.forbidden(p + "." + h, "may not specify more than 1 handler type"));
      } else if (h.equals("grpc")) {
        // GRPCAction.port is a plain int32 (no named ports): ValidatePortNumOrName on its number.
        Long port = Fields.integer(v, "port");
        long n = port == null ? 0 : port;
        if (n < 1 || n > 65535) {
          causes.add(Causes.invalid(p + ".grpc.port", n, "must be between 1 and 65535, inclusive"));
        }
      }
    }
    if (handlers == 0) {
      causes.add(Causes.required(p, "must specify a handler type"));
    }
  }
}
