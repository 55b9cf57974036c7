package dev.klite.apiserver.registry;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.store.KeyValue;
import tools.jackson.databind.node.ObjectNode;

/**
 * How objects are stored: JSON bytes without {@code metadata.resourceVersion}, which is the kv's
 * modRevision and is set on the way out.
 */
public final class StoredObjects {
  private StoredObjects() {}

  /** The object of a kv with {@code resourceVersion} = its modRevision. */
  public static ObjectNode decode(KeyValue kv) {
    return decode(kv.value().unsafeArray(), kv.modRevision());
  }

  /** The object of stored bytes with the given resourceVersion. */
  public static ObjectNode decode(byte[] value, long revision) {
    ObjectNode obj = (ObjectNode) Json.parse(value);
    ObjectMeta.of(obj).setResourceVersion(revision);
    return obj;
  }

  /** The bytes to store: a copy without {@code metadata.resourceVersion}. */
  public static byte[] encode(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    ObjectMeta.of(copy).clearResourceVersion();
    return Json.bytes(copy);
  }
}
