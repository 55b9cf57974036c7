package dev.klite.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An immutable byte string with value equality and unsigned lexicographic order. */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a copy of the given array. */
  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Wraps the UTF-8 encoding of a string. */
  public static Bytes of(String s) {
    return new Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps the array without copying; the caller must never change it. */
  public static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The backing array, not to be modified. */
  public byte[] unsafeArray() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  public boolean startsWith(Bytes prefix) {
    return Arrays.equals(bytes, 0, Math.min(prefix.bytes.length, bytes.length), prefix.bytes, 0, prefix.bytes.length);
  }

  /**
   * The smallest key greater than every key that starts with this prefix (etcd's
   * {@code GetPrefixRangeEnd}); {@link #EMPTY} means "no upper bound".
   */
  public Bytes prefixEnd() {
    byte[] end = bytes.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return new Bytes(Arrays.copyOf(end, i + 1));
      }
    }
    return EMPTY;
  }

  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return utf8();
  }
}
