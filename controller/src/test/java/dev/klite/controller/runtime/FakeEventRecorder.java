package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records events as {@code "<type> <reason> <message>"} lines. */
public final class FakeEventRecorder implements EventRecorder {

  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    events.add(type + " " + reason + " " + message);
  }
}
