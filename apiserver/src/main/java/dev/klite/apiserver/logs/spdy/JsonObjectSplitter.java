package dev.klite.apiserver.logs.spdy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the resize stream into its JSON objects: the client writes one {@code {"Width":w,"Height":h}} per change
 * with nothing between them, and SPDY may split or join them across DATA frames (upstream reads the stream with a
 * {@code json.Decoder}, {@code handleResizeEvents} in {@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go}).
 * Tracks brace depth outside of strings. Pure; one instance per stream.
 */
public final class JsonObjectSplitter {
  private static final int MAX_OBJECT = 64 * 1024;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private int depth;
  private boolean inString;
  private boolean escaped;

  /** Feeds bytes; returns the objects completed by them, each as its bytes. */
  public List<byte[]> feed(byte[] data) {
    List<byte[]> done = new ArrayList<>();
    for (byte b : data) {
      if (depth == 0 && b != '{') {
        continue; // whitespace between objects (or garbage, which upstream's decoder would stop at)
      }
      current.write(b);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{') {
        depth++;
      } else if (b == '}') {
        depth--;
        if (depth == 0) {
          done.add(current.toByteArray());
          current.reset();
        }
      }
      if (current.size() > MAX_OBJECT) {
        // Not a terminal size: drop it rather than buffer without bound.
        current.reset();
        depth = 0;
        inString = false;
        escaped = false;
      }
    }
    return done;
  }
}
