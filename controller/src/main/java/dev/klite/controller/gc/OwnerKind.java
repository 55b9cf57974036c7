package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;

/** The owner kinds this collector understands; ownerReferences to anything else are left alone. */
public enum OwnerKind {
  JOB("batch/v1", "Job"),
  CRONJOB("batch/v1", "CronJob");

  private final String apiVersion;
  private final String kind;

  OwnerKind(String apiVersion, String kind) {
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String kind() {
    return kind;
  }

  /** Matches by kind and API group (any batch version), as ownerReferences may name another version. */
  public boolean matches(OwnerReference ref) {
    return kind.equals(ref.getKind()) && ref.getApiVersion() != null && ref.getApiVersion().startsWith("batch/");
  }
}
