package dev.klite.apiserver.logs.spdy;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which client streams one exec or attach needs and which have arrived, as
 * {@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go} counts them: always the error stream, one per
 * requested stdin/stdout/stderr (never stderr with a tty), and the resize stream for a tty from v3 on. Streams are
 * told apart by their {@code streamType} header. Pure; not thread-safe (one session's context uses it).
 */
public final class ExpectedStreams {
  /** The {@code streamType} header values (core/v1 types.go StreamType*). */
  public enum Type {
    ERROR, STDIN, STDOUT, STDERR, RESIZE;

    public String header() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Type> of(String header) {
      if (header == null) return Optional.empty();
      for (Type t : values()) {
        if (t.header().equals(header.trim().toLowerCase(Locale.ROOT))) return Optional.of(t);
      }
      return Optional.empty();
    }
  }

  private final int expected;
  private final Map<Type, Integer> received = new EnumMap<>(Type.class);
  private int count;

  public ExpectedStreams(StreamProtocol protocol, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
    int n = 1;
    if (stdin) n++;
    if (stdout) n++;
    if (stderr && !tty) n++;
    if (tty && protocol.resizes()) n++;
    this.expected = n;
  }

  public int expected() {
    return expected;
  }

  /**
   * Records a stream the client opened; empty for an unknown type (upstream logs and ignores it; the stream is
   * still answered). A second stream of a known type replaces the first, as upstream's assignment does, and counts.
   */
  public Optional<Type> add(int streamId, String streamTypeHeader) {
    Optional<Type> type = Type.of(streamTypeHeader);
    type.ifPresent(t -> received.put(t, streamId));
    if (type.isPresent()) count++;
    return type;
  }

  /** All expected streams were opened: the session can start. */
  public boolean complete() {
    return count >= expected;
  }

  /** The id of the stream of {@code type}, if the client opened one. */
  public Optional<Integer> id(Type type) {
    return Optional.ofNullable(received.get(type));
  }

  /** The type of stream {@code id}, if it is one of the recorded ones. */
  public Optional<Type> typeOf(int id) {
    return received.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst();
  }
}
