package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Composite keys of the {@code keys} column family: {@code escape(key) || 0x00 || BE(revision)}.
 *
 * <p>All versions of a key sort together in revision order, so "the version live at revision R"
 * is one {@code seekForPrev} to {@code key||R}. User keys are arbitrary bytes, so a 0x00 inside a
 * key is escaped as {@code 0x00 0xFF} (the FoundationDB tuple-layer trick): the encoding stays
 * order-preserving and a key can never be confused with a shorter key plus a revision. Keys
 * without 0x00 (every Kubernetes storage path) encode as plain {@code key || 0x00 || rev}.
 */
final class KeyCodec {
  private static final int SUFFIX = 1 + RevisionCodec.LENGTH;

  private KeyCodec() {}

  /** The entry for one version of {@code key}. */
  static byte[] versionKey(Bytes key, long revision) {
    byte[] escaped = escape(key);
    byte[] out = Arrays.copyOf(escaped, escaped.length + SUFFIX);
    out[escaped.length] = 0;
    RevisionCodec.write(revision, out, escaped.length + 1);
    return out;
  }

  /**
   * A bound that sorts before every entry of {@code key} and after every entry of smaller keys,
   * used both as a scan start and as an exclusive scan end.
   */
  static byte[] lowerBound(Bytes key) {
    byte[] escaped = escape(key);
    return Arrays.copyOf(escaped, escaped.length + 1);
  }

  /** The user key of an entry. */
  static Bytes userKey(byte[] entry) {
    int end = entry.length - SUFFIX;
    int zeros = 0;
    for (int i = 0; i < end; i++) {
      if (entry[i] == 0) {
        zeros++;
      }
    }
    if (zeros == 0) {
      return Bytes.wrap(Arrays.copyOf(entry, end));
    }
    byte[] out = new byte[end - zeros];
    int j = 0;
    for (int i = 0; i < end; i++) {
      out[j++] = entry[i];
      if (entry[i] == 0) {
        i++; // skip the 0xFF escape byte
      }
    }
    return Bytes.wrap(out);
  }

  /** Whether {@code entry} is a version of the key whose {@link #lowerBound} is {@code bound}. */
  static boolean isVersionOf(byte[] entry, byte[] bound) {
    return entry.length == bound.length + RevisionCodec.LENGTH
        && Arrays.equals(entry, 0, bound.length, bound, 0, bound.length);
  }

  static long revision(byte[] entry) {
    return RevisionCodec.read(entry, entry.length - RevisionCodec.LENGTH);
  }

  private static byte[] escape(Bytes key) {
    byte[] raw = key.unsafeArray();
    int zeros = 0;
    for (byte b : raw) {
      if (b == 0) {
        zeros++;
      }
    }
    if (zeros == 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + zeros);
    for (byte b : raw) {
      out.write(b);
      if (b == 0) {
        out.write(0xff);
      }
    }
    return out.toByteArray();
  }
}
