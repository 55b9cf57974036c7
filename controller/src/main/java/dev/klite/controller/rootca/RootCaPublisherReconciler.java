package dev.klite.controller.rootca;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.Namespaces;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the ConfigMap {@code kube-root-ca.crt} with key {@code ca.crt} = the cluster CA in every
 * namespace, restoring it when deleted or changed (upstream
 * {@code pkg/controller/certificates/rootcacertpublisher/publisher.go} {@code syncNamespace}).
 * Keys are namespaces: {@code ObjectKey("", <namespace>)}.
 */
public final class RootCaPublisherReconciler implements Reconciler {

  public static final String CONFIG_MAP = "kube-root-ca.crt";
  public static final String KEY = "ca.crt";
  /** The one annotation upstream keeps on the ConfigMap (a wire value: clients may read it). */
  static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
  static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
      + "internal endpoints such as the internal service IP or kubernetes.default.svc. "
      + "No other usage is guaranteed across distributions of Kubernetes clusters.";

  private final Lister<Namespace> namespaces;
  private final Lister<ConfigMap> configMaps;
  private final ConfigMapControl control;
  private final String rootCa;

  /** @param rootCa the PEM bundle the cluster's kubeconfig trusts */
  public RootCaPublisherReconciler(Lister<Namespace> namespaces, Lister<ConfigMap> configMaps, ConfigMapControl control,
      String rootCa) {
    this.namespaces = Objects.requireNonNull(namespaces);
    this.configMaps = Objects.requireNonNull(configMaps);
    this.control = Objects.requireNonNull(control);
    this.rootCa = Objects.requireNonNull(rootCa);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    String ns = key.name();
    Optional<Namespace> namespace = namespaces.get("", ns);
    // Upstream relies on the create failing in a terminating namespace; the cache tells us first.
    if (namespace.isEmpty() || !Namespaces.isActive(namespace.get())) {
      return Result.done();
    }
    Optional<ConfigMap> found = configMaps.get(ns, CONFIG_MAP);
    if (found.isEmpty()) {
      try {
        control.create(ns, new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP)
            .addToAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION).endMetadata()
            .addToData(KEY, rootCa).build());
      } catch (KubernetesClientException e) {
        if (!Namespaces.isGoneOrTerminating(e)) {
          throw e;
        }
      }
      return Result.done();
    }
    ConfigMap cm = found.get();
    Map<String, String> annotations = cm.getMetadata().getAnnotations();
    boolean described = annotations != null && annotations.get(DESCRIPTION_ANNOTATION) != null
        && !annotations.get(DESCRIPTION_ANNOTATION).isEmpty();
    if (Map.of(KEY, rootCa).equals(cm.getData()) && described) {
      return Result.done();
    }
    ConfigMap copy = new ConfigMapBuilder(cm).withData(Map.of(KEY, rootCa)).withBinaryData(cm.getBinaryData()).build();
    Map<String, String> newAnnotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
    newAnnotations.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
    copy.getMetadata().setAnnotations(newAnnotations);
    control.update(copy);
    return Result.done();
  }
}
