package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a container's environment as {@code pkg/kubelet/kubelet_pods.go} makeEnvironmentVariables does: envFrom
 * sources first (in order, with their prefix), then {@code env} entries in order, each value expanded with
 * {@code $(VAR)} against the variables defined before it. Errors carry the kubelet's messages and make the container
 * wait with {@code CreateContainerConfigError}.
 */
public final class EnvBuilder {
  private static final Pattern SUBSCRIPT = Pattern.compile("^metadata\\.(labels|annotations)\\['(.*)'\\]$");

  private final ConfigSource config;
  private final String hostIP;
  private final ApiServerAddress apiServer;

  /** A variable could not be resolved; the message is user-facing. */
  public static final class EnvException extends Exception {
    private static final long serialVersionUID = 1L;

    EnvException(String message) {
      super(message);
    }
  }

  public EnvBuilder(ConfigSource config, String hostIP) {
    this(config, hostIP, null);
  }

  /** @param apiServer where the kubelet reaches the API server (the master service's variables), or null */
  public EnvBuilder(ConfigSource config, String hostIP, ApiServerAddress apiServer) {
    this.config = config;
    this.hostIP = hostIP;
    this.apiServer = apiServer;
  }

  /** The variables of {@code container}, in definition order. */
  public Map<String, String> build(Pod pod, Container container, Map<String, String> nodeAllocatable)
      throws EnvException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> services = serviceEnv(pod);
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, ConfigMap> configMaps = new TreeMap<>();
    Map<String, Secret> secrets = new TreeMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
      if (from.getConfigMapRef() != null) {
        String name = from.getConfigMapRef().getName();
        Optional<ConfigMap> cm = configMap(ns, name, configMaps);
        if (cm.isEmpty()) {
          if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
            continue;
          }
          throw new EnvException("configmap \"" + name + "\" not found");
        }
        Optional.ofNullable(cm.get().getData()).orElse(Map.of()).forEach((k, v) -> env.put(prefix + k, v));
      } else if (from.getSecretRef() != null) {
        String name = from.getSecretRef().getName();
        Optional<Secret> s = secret(ns, name, secrets);
        if (s.isEmpty()) {
          if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
            continue;
          }
          throw new EnvException("secret \"" + name + "\" not found");
        }
        secretData(s.get()).forEach((k, v) -> env.put(prefix + k, v));
      }
    }
    for (EnvVar var : container.getEnv()) {
      String value;
      if (var.getValueFrom() == null) {
        // $(VAR) sees the variables defined so far, then the service variables (kubelet_pods.go mappingFunc).
        Map<String, String> scope = new LinkedHashMap<>(services);
        scope.putAll(env);
        value = Expansion.expand(Optional.ofNullable(var.getValue()).orElse(""), scope);
      } else {
        Optional<String> resolved = resolve(pod, container, var.getValueFrom(), configMaps, secrets, nodeAllocatable);
        if (resolved.isEmpty()) {
          continue;
        }
        value = resolved.get();
      }
      env.put(var.getName(), value);
    }
    // Service variables come last and never replace a variable the container defines.
    services.forEach(env::putIfAbsent);
    return env;
  }

  /** The service environment variables for the pod ({@link ServiceEnv}); enableServiceLinks defaults to true. */
  private Map<String, String> serviceEnv(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    boolean links = !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks());
    java.util.List<io.fabric8.kubernetes.api.model.Service> own = links ? config.services(ns) : java.util.List.of();
    java.util.List<io.fabric8.kubernetes.api.model.Service> master = "default".equals(ns) && links ? own
        : config.services("default");
    return ServiceEnv.of(ns, links, own, master, apiServer);
  }

  private Optional<String> resolve(Pod pod, Container container, EnvVarSource src, Map<String, ConfigMap> configMaps,
      Map<String, Secret> secrets, Map<String, String> nodeAllocatable) throws EnvException {
    String ns = pod.getMetadata().getNamespace();
    if (src.getFieldRef() != null) {
      return Optional.of(fieldValue(pod, src.getFieldRef()));
    }
    if (src.getResourceFieldRef() != null) {
      return Optional.of(resourceValue(container, src.getResourceFieldRef(), nodeAllocatable));
    }
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> cm = configMap(ns, ref.getName(), configMaps);
      if (cm.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("configmap \"" + ref.getName() + "\" not found");
      }
      String v = Optional.ofNullable(cm.get().getData()).orElse(Map.of()).get(ref.getKey());
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> s = secret(ns, ref.getName(), secrets);
      if (s.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("secret \"" + ref.getName() + "\" not found");
      }
      String v = secretData(s.get()).get(ref.getKey());
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    return Optional.of("");
  }

  /** The downward API fields the kubelet supports in env ({@code pkg/kubelet/kubelet_pods.go} podFieldSelectorRuntimeValue). */
  String fieldValue(Pod pod, ObjectFieldSelector selector) throws EnvException {
    String path = selector.getFieldPath();
    var meta = pod.getMetadata();
    Matcher m = SUBSCRIPT.matcher(path);
    if (m.matches()) {
      Map<String, String> map = "labels".equals(m.group(1)) ? meta.getLabels() : meta.getAnnotations();
      return Optional.ofNullable(map).map(x -> x.get(m.group(2))).orElse("");
    }
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return meta.getUid();
      case "metadata.labels":
        return formatMap(meta.getLabels());
      case "metadata.annotations":
        return formatMap(meta.getAnnotations());
      case "spec.nodeName":
        return Optional.ofNullable(pod.getSpec().getNodeName()).orElse("");
      case "spec.serviceAccountName":
        return Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("");
      case "status.hostIP":
      case "status.hostIPs":
      case "status.podIP":
      case "status.podIPs":
        return hostIP;
      default:
        throw new EnvException("unsupported fieldPath: " + path);
    }
  }

  /** resourceFieldRef: the container's limit (or request), falling back to node allocatable, divided and rounded up. */
  static String resourceValue(Container c, ResourceFieldSelector ref, Map<String, String> nodeAllocatable)
      throws EnvException {
    String resource = ref.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      throw new EnvException("unsupported container resource: " + resource);
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    var reqs = c.getResources();
    Map<String, Quantity> map = reqs == null ? null : "limits".equals(kind) ? reqs.getLimits() : reqs.getRequests();
    Quantity q = map == null ? null : map.get(name);
    BigDecimal amount;
    if (q != null) {
      amount = Quantity.getAmountInBytes(q);
    } else if (nodeAllocatable.containsKey(name) && "limits".equals(kind)) {
      amount = Quantity.getAmountInBytes(new Quantity(nodeAllocatable.get(name)));
    } else {
      amount = BigDecimal.ZERO;
    }
    BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  private static String formatMap(Map<String, String> m) {
    if (m == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(m).forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\""))
          .append('"');
    });
    return sb.toString();
  }

  private Optional<ConfigMap> configMap(String ns, String name, Map<String, ConfigMap> cache) {
    if (!cache.containsKey(name)) {
      config.configMap(ns, name).ifPresent(cm -> cache.put(name, cm));
    }
    return Optional.ofNullable(cache.get(name));
  }

  private Optional<Secret> secret(String ns, String name, Map<String, Secret> cache) {
    if (!cache.containsKey(name)) {
      config.secret(ns, name).ifPresent(s -> cache.put(name, s));
    }
    return Optional.ofNullable(cache.get(name));
  }

  private static Map<String, String> secretData(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    Optional.ofNullable(s.getData()).orElse(Map.of()).forEach((k, v) ->
        out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    Optional.ofNullable(s.getStringData()).orElse(Map.of()).forEach(out::put);
    return out;
  }
}
