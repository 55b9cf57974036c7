package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import dev.klite.apiserver.resources.common.NameRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structural PodSpec validation shared by pods and pod templates, with upstream's field paths
 * and messages (pkg/apis/core/validation/validation.go ValidatePodSpec, validateContainers,
 * ValidateVolumes, validateVolumeMounts, validateEnv, validateContainerPorts, validateProbe). Covers what users
 * commonly get wrong; exotic fields are accepted as given.
 */
public final class PodSpecValidation {
  private PodSpecValidation() {}

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  /**
   * Validates {@code spec} (a PodSpec) whose path is {@code path} (e.g. {@code spec.template.spec}).
   *
   * @param checkRestartPolicy false when the caller (Job) applies its own restartPolicy rule
   */
  public static List<StatusCause> validate(ObjectNode spec, String path, boolean checkRestartPolicy) {
    List<StatusCause> causes = new ArrayList<>();
    if (spec == null) {
      causes.add(StatusCause.required(path + ".containers"));
      return causes;
    }
    Set<String> volumes = volumes(spec, path, causes);
    Set<String> names = new HashSet<>();
    List<ObjectNode> containers = Fields.objects(spec, "containers");
    if (containers.isEmpty()) causes.add(StatusCause.required(path + ".containers"));
    int i = 0;
    for (ObjectNode c : Fields.objects(spec, "initContainers")) {
      container(c, path + ".initContainers[" + i++ + "]", names, volumes, causes);
    }
    i = 0;
    for (ObjectNode c : containers) container(c, path + ".containers[" + i++ + "]", names, volumes, causes);
    String restart = Fields.string(spec, "restartPolicy", "");
    if (checkRestartPolicy) {
      if (restart.isEmpty()) {
        causes.add(StatusCause.required(path + ".restartPolicy"));
      } else if (!RESTART_POLICIES.contains(restart)) {
        causes.add(StatusCause.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
      }
    }
    String dns = Fields.string(spec, "dnsPolicy", "");
    if (!dns.isEmpty() && !DNS_POLICIES.contains(dns)) {
      causes.add(StatusCause.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
    }
    Long grace = Fields.integer(spec, "terminationGracePeriodSeconds");
    if (grace != null && grace < 0) {
      causes.add(Causes.invalid(path + ".terminationGracePeriodSeconds", grace, "must be greater than or equal to 0"));
    }
    Long deadline = Fields.integer(spec, "activeDeadlineSeconds");
    if (deadline != null && (deadline < 1 || deadline > Integer.MAX_VALUE)) {
      causes.add(Causes.invalid(path + ".activeDeadlineSeconds", deadline, "must be between 1 and 2147483647, inclusive"));
    }
    for (String field : List.of("hostname", "subdomain")) {
      String v = Fields.string(spec, field, "");
      if (!v.isEmpty()) {
        for (String msg : NameRules.dns1123Label(v)) causes.add(Causes.invalid(path + "." + field, v, msg));
      }
    }
    causes.addAll(MetadataValidation.labels(spec, "nodeSelector").stream()
        .map(c -> new StatusCause(c.reason(), c.message(), path + "." + c.field())).toList());
    String sa = Fields.string(spec, "serviceAccountName", "");
    if (!sa.isEmpty()) {
      for (String msg : NameRules.dns1123Subdomain(sa)) {
        causes.add(Causes.invalid(path + ".serviceAccountName", sa, msg));
      }
    }
    return causes;
  }

  private static Set<String> volumes(ObjectNode spec, String path, List<StatusCause> causes) {
    Set<String> names = new HashSet<>();
    int i = 0;
    for (ObjectNode v : Fields.objects(spec, "volumes")) {
      String p = path + ".volumes[" + i++ + "]";
      String name = Fields.string(v, "name", "");
      if (name.isEmpty()) {
        causes.add(StatusCause.required(p + ".name"));
      } else {
        for (String msg : NameRules.dns1123Label(name)) causes.add(Causes.invalid(p + ".name", name, msg));
        if (!names.add(name)) causes.add(StatusCause.duplicate(p + ".name", name));
      }
    }
    return names;
  }

  private static void container(ObjectNode c, String p, Set<String> names, Set<String> volumes,
      List<StatusCause> causes) {
    String name = Fields.string(c, "name", "");
    if (name.isEmpty()) {
      causes.add(StatusCause.required(p + ".name"));
    } else {
      for (String msg : NameRules.dns1123Label(name)) causes.add(Causes.invalid(p + ".name", name, msg));
      if (!names.add(name)) causes.add(StatusCause.duplicate(p + ".name", name));
    }
    if (Fields.string(c, "image", "").isBlank()) causes.add(StatusCause.required(p + ".image"));
    ResourceRequirementsValidation.validate(c, p, causes);
    oneOf(c, "imagePullPolicy", p, PULL_POLICIES, causes);
    oneOf(c, "terminationMessagePolicy", p, TERMINATION_MESSAGE_POLICIES, causes);
    ProbeValidation.validate(c, p, causes);
    int i = 0;
    Set<String> mountPaths = new HashSet<>();
    for (ObjectNode m : Fields.objects(c, "volumeMounts")) {
      String mp = p + ".volumeMounts[" + i++ + "]";
      String vol = Fields.string(m, "name", "");
      if (vol.isEmpty()) {
        causes.add(StatusCause.required(mp + ".name"));
      } else if (!volumes.contains(vol)) {
        causes.add(new StatusCause("FieldValueNotFound", "Not found: \"" + vol + "\"", mp + ".name"));
      }
      String mountPath = Fields.string(m, "mountPath", "");
      if (mountPath.isEmpty()) {
        causes.add(StatusCause.required(mp + ".mountPath"));
      } else if (!mountPaths.add(mountPath)) {
        causes.add(Causes.invalid(mp + ".mountPath", mountPath, "must be unique"));
      }
    }
    i = 0;
    for (ObjectNode e : Fields.objects(c, "env")) {
      String ep = p + ".env[" + i++ + "]";
      String envName = Fields.string(e, "name", "");
      if (envName.isEmpty()) {
        causes.add(StatusCause.required(ep + ".name"));
      } else if (!envName.chars().allMatch(ch -> ch >= 32 && ch < 127 && ch != '=')) {
        causes.add(Causes.invalid(ep + ".name", envName,
            "a valid environment variable name must consist only of printable ASCII characters other than '='"));
      }
    }
    i = 0;
    for (ObjectNode port : Fields.objects(c, "ports")) {
      String pp = p + ".ports[" + i++ + "]";
      Long cp = Fields.integer(port, "containerPort");
      if (cp == null || cp == 0) {
        causes.add(StatusCause.required(pp + ".containerPort"));
      } else if (cp < 1 || cp > 65535) {
        causes.add(Causes.invalid(pp + ".containerPort", cp, "must be between 1 and 65535, inclusive"));
      }
      String proto = Fields.string(port, "protocol", "");
      if (!proto.isEmpty() && !PROTOCOLS.contains(proto)) {
        causes.add(StatusCause.notSupported(pp + ".protocol", proto, PROTOCOLS));
      }
    }
  }

  private static void oneOf(ObjectNode c, String field, String p, List<String> allowed, List<StatusCause> causes) {
    String v = Fields.string(c, field, "");
    if (!v.isEmpty() && !allowed.contains(v)) causes.add(StatusCause.notSupported(p + "." + field, v, allowed));
  }
}
