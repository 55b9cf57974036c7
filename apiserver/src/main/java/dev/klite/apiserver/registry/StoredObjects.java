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

  /** The object of a kv in the shape {@code def} serves (see {@link StorageCodec}). */
  public static ObjectNode decode(ResourceDefinition def, KeyValue kv) {
    if (def.storage() == null) return decode(kv);
    ObjectNode obj = def.storage().fromStorage((ObjectNode) Json.parse(kv.value().unsafeArray()));
    ObjectMeta.of(obj).setResourceVersion(kv.modRevision());
    return obj;
  }

  /** The bytes to store for an object in the shape {@code def} serves. */
  public static byte[] encode(ResourceDefinition def, ObjectNode object) {
    return encode(def.storage() == null ? object : def.storage().toStorage(object));
  }

  /**
   * Whether {@code bytes} (from {@link #encode(ResourceDefinition, ObjectNode)}) say the same as
   * the stored value. Byte equality, or for a converted resource JSON equality, since a
   * conversion may order fields differently from the client that wrote the stored object.
   */
  public static boolean sameStored(ResourceDefinition def, byte[] bytes, KeyValue stored) {
    byte[] current = stored.value().unsafeArray();
    if (java.util.Arrays.equals(bytes, current)) return true;
    return def.storage() != null && Json.parse(bytes).equals(Json.parse(current));
  }

  /** The bytes to store: a copy without {@code metadata.resourceVersion}. */
  public static byte[] encode(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    ObjectMeta.of(copy).clearResourceVersion();
    return Json.bytes(copy);
  }
}
