package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl get pods} (printers.go printPod): READY, the STATUS reason algorithm over init
 * containers (incl. restartable sidecars) and containers, RESTARTS with the time of the last
 * restart, and the {@code Completed} row condition of finished pods.
 */
public final class PodTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        ColumnDefinition.string("Status", "The aggregate status of the containers in this pod."),
        ColumnDefinition.string("Restarts", "The number of times the containers in this pod have been restarted "
            + "and when the last container in this pod has restarted."),
        Cells.ageColumn(),
        ColumnDefinition.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. "
            + "Empty if not yet allocated."),
        ColumnDefinition.wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is "
            + "a candidate for scheduling by the scheduler defined in schedulerName."),
        ColumnDefinition.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on "
            + "the node, but it cannot be scheduled right away as preemption victims receive their graceful "
            + "termination periods."),
        ColumnDefinition.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod "
            + "readiness."));
  }

  @Override
  public List<Object> cells(ObjectNode pod, Instant now) {
    Summary s = summarize(pod);
    String restarts = String.valueOf(s.restarts);
    if (s.restarts != 0 && s.lastRestart != null) restarts = s.restarts + " (" + Cells.since(s.lastRestart, now) + " ago)";
    List<ObjectNode> podIps = Fields.objects(pod, "status.podIPs");
    String ip = podIps.isEmpty() ? "" : Fields.string(podIps.get(0), "ip", "");
    return List.of(Cells.name(pod), s.ready + "/" + s.total, s.reason, restarts, Cells.age(pod, now),
        Cells.orNone(ip), Cells.orNone(Fields.string(pod, "spec.nodeName")),
        Cells.orNone(Fields.string(pod, "status.nominatedNodeName")), readinessGates(pod));
  }

  @Override
  public List<ObjectNode> rowConditions(ObjectNode pod) {
    String phase = Fields.string(pod, "status.phase", "");
    if (!phase.equals("Succeeded") && !phase.equals("Failed")) return List.of();
    ObjectNode c = Json.object();
    c.put("type", "Completed");
    c.put("status", "True");
    c.put("reason", phase);
    c.put("message", phase.equals("Succeeded") ? "The pod has completed successfully." : "The pod failed.");
    return List.of(c);
  }

  record Summary(int ready, int total, String reason, int restarts, Instant lastRestart) {}

  static Summary summarize(ObjectNode pod) {
    int total = Fields.objects(pod, "spec.containers").size();
    int ready = 0;
    int restarts = 0;
    int sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    String phase = Fields.string(pod, "status.phase", "");
    String reason = Fields.string(pod, "status.reason", "").isEmpty() ? phase : Fields.string(pod, "status.reason");
    for (ObjectNode c : Fields.objects(pod, "status.conditions")) {
      if ("PodScheduled".equals(Fields.string(c, "type")) && "SchedulingGated".equals(Fields.string(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }
    List<ObjectNode> initSpecs = Fields.objects(pod, "spec.initContainers");
    Map<String, Boolean> sidecar = new HashMap<>();
    for (ObjectNode c : initSpecs) {
      boolean restartable = "Always".equals(Fields.string(c, "restartPolicy"));
      sidecar.put(Fields.string(c, "name", ""), restartable);
      if (restartable) total++;
    }
    boolean initializing = false;
    List<ObjectNode> initStatuses = Fields.objects(pod, "status.initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      ObjectNode cs = initStatuses.get(i);
      int count = restartCount(cs);
      restarts += count;
      Instant finished = Cells.time(cs, "lastState.terminated.finishedAt");
      lastRestart = later(lastRestart, finished);
      boolean isSidecar = sidecar.getOrDefault(Fields.string(cs, "name", ""), false);
      if (isSidecar) {
        sidecarRestarts += count;
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      boolean terminated = Fields.has(cs, "state.terminated");
      Long exit = Fields.integer(cs, "state.terminated.exitCode");
      if (terminated && exit != null && exit == 0) continue;
      if (isSidecar && Fields.isTrue(cs, "started")) {
        if (Fields.isTrue(cs, "ready")) ready++;
        continue;
      }
      String waiting = Fields.string(cs, "state.waiting.reason", "");
      if (terminated) {
        reason = "Init:" + terminatedReason(cs);
      } else if (!waiting.isEmpty() && !waiting.equals("PodInitializing")) {
        reason = "Init:" + waiting;
      } else {
        reason = "Init:" + i + "/" + initSpecs.size();
      }
      initializing = true;
      break;
    }
    if (!initializing || Cells.conditionTrue(pod, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<ObjectNode> statuses = Fields.objects(pod, "status.containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        ObjectNode cs = statuses.get(i);
        restarts += restartCount(cs);
        lastRestart = later(lastRestart, Cells.time(cs, "lastState.terminated.finishedAt"));
        String waiting = Fields.string(cs, "state.waiting.reason", "");
        if (!waiting.isEmpty()) {
          reason = waiting;
        } else if (Fields.has(cs, "state.terminated")) {
          reason = terminatedReason(cs);
        } else if (Fields.isTrue(cs, "ready") && Fields.has(cs, "state.running")) {
          hasRunning = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && hasRunning) {
        reason = Cells.conditionTrue(pod, "Ready") ? "Running" : "NotReady";
      }
    }
    boolean deleting = Fields.has(pod, "metadata.deletionTimestamp");
    if (deleting && "NodeLost".equals(Fields.string(pod, "status.reason"))) {
      reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }
    return new Summary(ready, total, reason, restarts, lastRestart);
  }

  /** The terminated reason, or {@code Signal:<n>} / {@code ExitCode:<n>} when it has none. */
  private static String terminatedReason(ObjectNode cs) {
    String r = Fields.string(cs, "state.terminated.reason", "");
    if (!r.isEmpty()) return r;
    Long signal = Fields.integer(cs, "state.terminated.signal");
    if (signal != null && signal != 0) return "Signal:" + signal;
    Long exit = Fields.integer(cs, "state.terminated.exitCode");
    return "ExitCode:" + (exit == null ? 0 : exit);
  }

  private static int restartCount(ObjectNode cs) {
    Long n = Fields.integer(cs, "restartCount");
    return n == null ? 0 : n.intValue();
  }

  private static Instant later(Instant a, Instant b) {
    if (b == null) return a;
    return a == null || a.isBefore(b) ? b : a;
  }

  private static String readinessGates(ObjectNode pod) {
    List<ObjectNode> gates = Fields.objects(pod, "spec.readinessGates");
    if (gates.isEmpty()) return "<none>";
    int trueCount = 0;
    for (ObjectNode gate : gates) {
      String type = Fields.string(gate, "conditionType", "");
      for (ObjectNode c : Fields.objects(pod, "status.conditions")) {
        if (type.equals(Fields.string(c, "type"))) {
          if ("True".equals(Fields.string(c, "status"))) trueCount++;
          break;
        }
      }
    }
    return trueCount + "/" + gates.size();
  }
}
