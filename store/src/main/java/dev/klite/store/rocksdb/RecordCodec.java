package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.Event;
import dev.klite.store.KeyValue;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodings of the values stored in the column families.
 *
 * <p>A {@code log} record is a whole {@link Event}: type, createRevision, prevModRevision,
 * version, key, value and the previous value. Carrying the previous value makes every record
 * self-contained, so watch replay can attach {@code prevKv} without reading (possibly compacted)
 * older revisions. Layout: {@code type:1 create:8 prevMod:8 version:8 keyLen:4 key valueLen:4
 * value prevLen:4 prev} with {@code prevLen = -1} when there is no previous value. For a DELETE,
 * create/version describe the deleted incarnation.
 *
 * <p>A {@code current} value is {@code create:8 mod:8 version:8 value}.
 */
final class RecordCodec {
  static final byte[] PUT_MARKER = {0};
  static final byte[] TOMBSTONE_MARKER = {1};
  private static final int HEADER = 1 + 3 * Long.BYTES;

  private RecordCodec() {}

  static byte[] encodeEvent(Event e) {
    KeyValue prev = e.prevKvOrNull();
    boolean delete = e.type() == Event.Type.DELETE;
    KeyValue incarnation = delete ? prev : e.kv();
    byte[] key = e.kv().key().unsafeArray();
    byte[] value = delete ? new byte[0] : e.kv().value().unsafeArray();
    byte[] prevValue = prev == null ? null : prev.value().unsafeArray();
    ByteBuffer buf = ByteBuffer.allocate(HEADER + 12 + key.length + value.length
        + (prevValue == null ? 0 : prevValue.length));
    buf.put(delete ? (byte) 1 : (byte) 0)
        .putLong(incarnation.createRevision())
        .putLong(prev == null ? 0 : prev.modRevision())
        .putLong(incarnation.version())
        .putInt(key.length).put(key)
        .putInt(value.length).put(value);
    if (prevValue == null) {
      buf.putInt(-1);
    } else {
      buf.putInt(prevValue.length).put(prevValue);
    }
    return buf.array();
  }

  static Event decodeEvent(long revision, byte[] record) {
    ByteBuffer buf = ByteBuffer.wrap(record);
    boolean delete = buf.get() == 1;
    long create = buf.getLong();
    long prevMod = buf.getLong();
    long version = buf.getLong();
    Bytes key = Bytes.wrap(next(buf, buf.getInt()));
    Bytes value = Bytes.wrap(next(buf, buf.getInt()));
    int prevLen = buf.getInt();
    KeyValue prev = null;
    if (prevLen >= 0) {
      prev = new KeyValue(key, Bytes.wrap(next(buf, prevLen)), create, prevMod, delete ? version : version - 1);
    }
    if (delete) {
      return new Event(Event.Type.DELETE, new KeyValue(key, Bytes.EMPTY, 0, revision, 0), prev);
    }
    return new Event(Event.Type.PUT, new KeyValue(key, value, create, revision, version), prev);
  }

  /** The key of a log record, without decoding the rest (for prefix filtering during replay). */
  static boolean keyStartsWith(byte[] record, Bytes prefix) {
    int keyLen = ByteBuffer.wrap(record, HEADER, 4).getInt();
    byte[] p = prefix.unsafeArray();
    return keyLen >= p.length && Arrays.equals(record, HEADER + 4, HEADER + 4 + p.length, p, 0, p.length);
  }

  /** The prevModRevision of a log record (0 for a create), for compaction. */
  static long prevModRevision(byte[] record) {
    return ByteBuffer.wrap(record, 1 + Long.BYTES, Long.BYTES).getLong();
  }

  static boolean isDelete(byte[] record) {
    return record[0] == 1;
  }

  static Bytes key(byte[] record) {
    int keyLen = ByteBuffer.wrap(record, HEADER, 4).getInt();
    return Bytes.wrap(Arrays.copyOfRange(record, HEADER + 4, HEADER + 4 + keyLen));
  }

  static byte[] encodeCurrent(KeyValue kv) {
    byte[] value = kv.value().unsafeArray();
    return ByteBuffer.allocate(3 * Long.BYTES + value.length)
        .putLong(kv.createRevision()).putLong(kv.modRevision()).putLong(kv.version()).put(value)
        .array();
  }

  static KeyValue decodeCurrent(Bytes key, byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long create = buf.getLong();
    long mod = buf.getLong();
    long version = buf.getLong();
    return new KeyValue(key, Bytes.wrap(next(buf, buf.remaining())), create, mod, version);
  }

  private static byte[] next(ByteBuffer buf, int length) {
    byte[] out = new byte[length];
    buf.get(out);
    return out;
  }
}
