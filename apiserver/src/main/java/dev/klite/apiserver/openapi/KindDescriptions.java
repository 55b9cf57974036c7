package dev.klite.apiserver.openapi;

import java.util.Map;

/** The one-line descriptions of the served kinds (staging/src/k8s.io/api/.../types.go doc comments, abridged). */
final class KindDescriptions {
  private KindDescriptions() {}

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry("Namespace", "Namespace provides a scope for Names. Use of multiple namespaces is optional."),
      Map.entry("Pod", "Pod is a collection of containers that can run on a host. This resource is created by "
          + "clients and scheduled onto hosts."),
      Map.entry("Node", "Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache "
          + "(i.e. in etcd)."),
      Map.entry("Event", "Event is a report of an event somewhere in the cluster."),
      Map.entry("ConfigMap", "ConfigMap holds configuration data for pods to consume."),
      Map.entry("Secret", "Secret holds secret data of a certain type. The total bytes of the values in the Data "
          + "field must be less than MaxSecretSize bytes."),
      Map.entry("ServiceAccount", "ServiceAccount binds together: * a name, understood by users, and perhaps by "
          + "peripheral systems, for an identity * a principal that can be authenticated and authorized * a set of "
          + "secrets"),
      Map.entry("Service", "Service is a named abstraction of software service (for example, mysql) consisting of "
          + "local port (for example 3306) that the proxy listens on, and the selector that determines which pods "
          + "will answer requests sent through the proxy."),
      Map.entry("Endpoints", "Endpoints is a collection of endpoints that implement the actual service."),
      Map.entry("ResourceQuota", "ResourceQuota sets aggregate quota restrictions enforced per namespace"),
      Map.entry("LimitRange", "LimitRange sets resource usage limits for each kind of resource in a Namespace."),
      Map.entry("Job", "Job represents the configuration of a single job."),
      Map.entry("CronJob", "CronJob represents the configuration of a single cron job."),
      Map.entry("Lease", "Lease defines a lease concept."));

  static String of(String kind) {
    return DESCRIPTIONS.getOrDefault(kind, kind + " is a Kubernetes resource.");
  }
}
