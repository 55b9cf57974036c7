package dev.klite.kubelet.grpc;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The two messages of {@code grpc.health.v1} (grpc/grpc src/proto/grpc/health/v1/health.proto) in protobuf's binary
 * form, and gRPC's length-prefixed framing of one message (grpc/grpc doc/PROTOCOL-HTTP2.md: a compressed flag byte and
 * a 4-byte big-endian length). The messages have one field each, so they are encoded by hand rather than pulling
 * protobuf into the kubelet. Pure: no I/O.
 */
public final class HealthMessages {
  /** {@code HealthCheckResponse.ServingStatus} names by number. */
  private static final List<String> STATUS_NAMES = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");
  public static final int SERVING = 1;
  private static final int PREFIX = 5;

  private HealthMessages() {}

  /** A framed {@code HealthCheckRequest{service}}; proto3 leaves an empty service out, so "" is an empty message. */
  public static byte[] request(String service) {
    byte[] utf8 = service == null ? new byte[0] : service.getBytes(StandardCharsets.UTF_8);
    byte[] message;
    if (utf8.length == 0) {
      message = new byte[0];
    } else {
      byte[] len = varint(utf8.length);
      message = new byte[1 + len.length + utf8.length];
      message[0] = 0x0A; // field 1, wire type 2 (length-delimited)
      System.arraycopy(len, 0, message, 1, len.length);
      System.arraycopy(utf8, 0, message, 1 + len.length, utf8.length);
    }
    return frame(message);
  }

  /** One gRPC message frame: uncompressed flag, big-endian length, payload. */
  public static byte[] frame(byte[] message) {
    byte[] out = new byte[PREFIX + message.length];
    int n = message.length;
    out[1] = (byte) (n >>> 24);
    out[2] = (byte) (n >>> 16);
    out[3] = (byte) (n >>> 8);
    out[4] = (byte) n;
    System.arraycopy(message, 0, out, PREFIX, n);
    return out;
  }

  /**
   * The payload of the single frame in a unary response body.
   *
   * @throws IllegalArgumentException when the body is not exactly one uncompressed frame
   */
  public static byte[] unframe(byte[] body) {
    if (body.length < PREFIX) {
      throw new IllegalArgumentException("truncated message frame");
    }
    if (body[0] != 0) {
      // Nothing was offered in grpc-accept-encoding, so a compressed reply is a protocol error.
      throw new IllegalArgumentException("compressed flag set with identity or empty encoding");
    }
    long n = ((body[1] & 0xFFL) << 24) | ((body[2] & 0xFF) << 16) | ((body[3] & 0xFF) << 8) | (body[4] & 0xFF);
    if (n != body.length - PREFIX) {
      throw new IllegalArgumentException(n > body.length - PREFIX ? "truncated message frame"
          : "more than one response message");
    }
    byte[] out = new byte[(int) n];
    System.arraycopy(body, PREFIX, out, 0, out.length);
    return out;
  }

  /** The status number of the last {@code status} field in a {@code HealthCheckResponse}, 0 (UNKNOWN) if absent. */
  public static int status(byte[] message) {
    int[] pos = {0};
    int status = 0;
    while (pos[0] < message.length) {
      long key = readVarint(message, pos);
      int field = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> {
          long v = readVarint(message, pos);
          if (field == 1) {
            status = (int) v;
          }
        }
        case 1 -> skip(message, pos, 8);
        case 2 -> skip(message, pos, readVarint(message, pos));
        case 5 -> skip(message, pos, 4);
        default -> throw new IllegalArgumentException("invalid wire type " + wire);
      }
    }
    return status;
  }

  /** The enum's name as Go's generated {@code String()} prints it: the number itself when it is not declared. */
  public static String statusName(int status) {
    return status >= 0 && status < STATUS_NAMES.size() ? STATUS_NAMES.get(status) : Integer.toString(status);
  }

  private static byte[] varint(long v) {
    byte[] buf = new byte[10];
    int i = 0;
    while ((v & ~0x7FL) != 0) {
      buf[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[i++] = (byte) v;
    byte[] out = new byte[i];
    System.arraycopy(buf, 0, out, 0, i);
    return out;
  }

  private static long readVarint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte x = b[pos[0]++];
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }

  private static void skip(byte[] b, int[] pos, long n) {
    if (n < 0 || pos[0] + n > b.length) {
      throw new IllegalArgumentException("truncated field");
    }
    pos[0] += (int) n;
  }
}
