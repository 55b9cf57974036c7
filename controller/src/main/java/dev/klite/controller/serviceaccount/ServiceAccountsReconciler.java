package dev.klite.controller.serviceaccount;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.Namespaces;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ensures every active namespace holds the managed ServiceAccounts (upstream
 * {@code pkg/controller/serviceaccount/serviceaccounts_controller.go} {@code syncNamespace}; the
 * kube-controller-manager manages just {@code default}). Keys are namespaces:
 * {@code ObjectKey("", <namespace>)}.
 */
public final class ServiceAccountsReconciler implements Reconciler {

  /** Upstream's {@code DefaultServiceAccountsControllerOptions}. */
  public static final List<String> MANAGED = List.of("default");

  private final Lister<Namespace> namespaces;
  private final Lister<ServiceAccount> serviceAccounts;
  private final ServiceAccountControl control;

  public ServiceAccountsReconciler(Lister<Namespace> namespaces, Lister<ServiceAccount> serviceAccounts,
      ServiceAccountControl control) {
    this.namespaces = Objects.requireNonNull(namespaces);
    this.serviceAccounts = Objects.requireNonNull(serviceAccounts);
    this.control = Objects.requireNonNull(control);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Namespace> ns = namespaces.get("", key.name());
    if (ns.isEmpty() || !Namespaces.isActive(ns.get())) {
      return Result.done();
    }
    KubernetesClientException failure = null;
    for (String name : MANAGED) {
      if (serviceAccounts.get(key.name(), name).isPresent()) {
        continue;
      }
      try {
        control.create(key.name(), name);
      } catch (KubernetesClientException e) {
        // 409: it exists already (our cache lags); gone or terminating namespaces are not retried.
        if (e.getCode() != 409 && !Namespaces.isGoneOrTerminating(e) && failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return Result.done();
  }
}
