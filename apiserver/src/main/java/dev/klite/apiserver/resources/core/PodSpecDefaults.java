package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The v1 defaulting of a PodSpec, applied to pods and to pod templates inside Jobs and CronJobs
 * (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Volume,
 * SetDefaults_ContainerPort, SetDefaults_ObjectFieldSelector). Pod-only defaults (admission and
 * SetDefaults_Pod) are in {@link PodStrategy}.
 */
public final class PodSpecDefaults {
  private PodSpecDefaults() {}

  /** Defaults {@code spec} (a PodSpec object) in place. */
  public static void apply(ObjectNode spec) {
    Fields.setIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    Fields.setIfAbsent(spec, "restartPolicy", "Always");
    Fields.setIfAbsent(spec, "terminationGracePeriodSeconds", 30L);
    Fields.setIfAbsent(spec, "securityContext", Json.object());
    Fields.setIfAbsent(spec, "schedulerName", "default-scheduler");
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (ObjectNode c : Fields.objects(spec, list)) container(c);
    }
    for (ObjectNode v : Fields.objects(spec, "volumes")) volume(v);
  }

  static void container(ObjectNode c) {
    Fields.setIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
    Fields.setIfAbsent(c, "terminationMessagePolicy", "File");
    Fields.setIfAbsent(c, "imagePullPolicy", pullPolicyFor(Fields.string(c, "image", "")));
    Fields.setIfAbsent(c, "resources", Json.object());
    for (ObjectNode p : Fields.objects(c, "ports")) Fields.setIfAbsent(p, "protocol", "TCP");
    for (ObjectNode e : Fields.objects(c, "env")) {
      if (Fields.has(e, "valueFrom.fieldRef")) Fields.setIfAbsent(e, "valueFrom.fieldRef.apiVersion", "v1");
    }
  }

  /** {@code Always} for {@code :latest} or an untagged image without digest, else {@code IfNotPresent}. */
  public static String pullPolicyFor(String image) {
    if (image.contains("@")) return "IfNotPresent";
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    boolean tagged = colon > slash;
    if (!tagged) return "Always";
    return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
  }

  private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
      "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
      "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
      "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
      "ephemeral", "image");

  static void volume(ObjectNode v) {
    boolean anySource = false;
    for (String s : VOLUME_SOURCES) anySource |= Fields.has(v, s);
    if (!anySource) v.set("emptyDir", Json.object());
    for (Map.Entry<String, Integer> e : Map.of("secret", 420, "configMap", 420, "downwardAPI", 420, "projected", 420)
        .entrySet()) {
      if (Fields.has(v, e.getKey())) Fields.setIfAbsent(v, e.getKey() + ".defaultMode", (long) e.getValue());
    }
    if (Fields.has(v, "hostPath")) Fields.setIfAbsent(v, "hostPath.type", "");
  }

  /** The QoS class of a pod spec (pkg/apis/core/helper/qos/qos.go GetPodQOS, simplified to cpu/memory). */
  public static String qosClass(ObjectNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : List.of("initContainers", "containers")) {
      for (ObjectNode c : Fields.objects(spec, list)) {
        ObjectNode req = Fields.object(c, "resources.requests");
        ObjectNode lim = Fields.object(c, "resources.limits");
        for (String r : List.of("cpu", "memory")) {
          JsonNode rq = req == null ? null : req.get(r);
          JsonNode lm = lim == null ? null : lim.get(r);
          if (rq != null || lm != null) any = true;
          if (lm == null || (rq != null && !sameQuantity(rq, lm))) guaranteed = false;
        }
      }
    }
    if (!any) return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static boolean sameQuantity(JsonNode a, JsonNode b) {
    var x = dev.klite.apiserver.resources.common.Quantities.parse(a.asString());
    var y = dev.klite.apiserver.resources.common.Quantities.parse(b.asString());
    return x.isPresent() && y.isPresent() ? x.get().compareTo(y.get()) == 0 : a.equals(b);
  }
}
