package dev.klite.store.rocksdb;

/**
 * Big-endian encoding of revisions, so that byte order equals numeric order and a range scan
 * over the {@code log} column family is a scan over time (etcd
 * {@code server/storage/mvcc/revision.go}).
 */
final class RevisionCodec {
  static final int LENGTH = Long.BYTES;

  private RevisionCodec() {}

  static byte[] encode(long revision) {
    byte[] out = new byte[LENGTH];
    write(revision, out, 0);
    return out;
  }

  static void write(long revision, byte[] out, int offset) {
    for (int i = LENGTH - 1; i >= 0; i--) {
      out[offset + i] = (byte) revision;
      revision >>>= 8;
    }
  }

  static long decode(byte[] in) {
    return read(in, 0);
  }

  static long read(byte[] in, int offset) {
    long v = 0;
    for (int i = 0; i < LENGTH; i++) {
      v = (v << 8) | (in[offset + i] & 0xff);
    }
    return v;
  }
}
