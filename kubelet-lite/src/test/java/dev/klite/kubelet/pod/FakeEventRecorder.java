package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects events as "type reason fieldPath: message". */
final class FakeEventRecorder implements EventRecorder {
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(Pod pod, String fieldPath, String type, String reason, String message) {
    events.add(type + " " + reason + " " + fieldPath + ": " + message);
  }
}
