package dev.klite.apiserver.serviceaccount;

import java.util.List;
import java.util.Objects;

/**
 * How the API server issues and accepts service-account tokens and admits pods.
 *
 * @param issuer the {@code iss} of issued tokens and of the discovery document (kube-apiserver's
 *     {@code --service-account-issuer}; kubeadm's default {@code https://kubernetes.default.svc.cluster.local})
 * @param apiAudiences the audiences the API server accepts and defaults TokenRequests to
 *     ({@code --api-audiences}); empty = the issuer, as upstream
 * @param extendTokenExpiration {@code --service-account-extend-token-expiration}: pod-bound
 *     tokens requested for 3607 s (the kubelet's projected default) last a year and carry
 *     {@code warnafter}
 * @param admission whether the ServiceAccount admission plugin runs on pod creates (upstream:
 *     on unless {@code --disable-admission-plugins=ServiceAccount})
 */
public record ServiceAccountOptions(String issuer, List<String> apiAudiences, boolean extendTokenExpiration,
    boolean admission) {

  /** kubeadm's default issuer. */
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";

  public ServiceAccountOptions {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isEmpty()) throw new IllegalArgumentException("the service account issuer may not be empty");
    apiAudiences = apiAudiences == null || apiAudiences.isEmpty() ? List.of(issuer) : List.copyOf(apiAudiences);
  }

  /** What kube-apiserver does with kubeadm's flags: admission on, extension on, the default issuer. */
  public static ServiceAccountOptions defaults() {
    return new ServiceAccountOptions(DEFAULT_ISSUER, List.of(), true, true);
  }

  public ServiceAccountOptions withAdmission(boolean enabled) {
    return new ServiceAccountOptions(issuer, apiAudiences, extendTokenExpiration, enabled);
  }

  /** A new issuer; audiences that only defaulted to the old issuer follow it. */
  public ServiceAccountOptions withIssuer(String newIssuer) {
    List<String> audiences = apiAudiences.equals(List.of(issuer)) ? List.of() : apiAudiences;
    return new ServiceAccountOptions(newIssuer, audiences, extendTokenExpiration, admission);
  }

  public ServiceAccountOptions withExtendTokenExpiration(boolean extend) {
    return new ServiceAccountOptions(issuer, apiAudiences, extend, admission);
  }
}
