package dev.klite.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed write as seen by a watcher.
 *
 * <p>For {@link Type#PUT}, {@code kv} is the new version and {@code prevKv} the version it
 * replaced (absent for a create). For {@link Type#DELETE}, {@code kv} carries the deleted key
 * with an empty value and {@code modRevision} = the deleting revision, and {@code prevKv} is the
 * last live version (present).
 */
public record Event(Type type, KeyValue kv, KeyValue prevKvOrNull) {
  public enum Type { PUT, DELETE }

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kv, "kv");
  }

  public long revision() {
    return kv.modRevision();
  }

  public Optional<KeyValue> prevKv() {
    return Optional.ofNullable(prevKvOrNull);
  }

  public boolean isCreate() {
    return type == Type.PUT && prevKvOrNull == null;
  }
}
