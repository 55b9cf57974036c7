package dev.klite.controller.serviceaccount;

/** Side-effect seam of the ServiceAccount controller; blocks on one API call, throws KubernetesClientException. */
public interface ServiceAccountControl {

  /** POST a ServiceAccount with only this name into the namespace. */
  void create(String namespace, String name);
}
