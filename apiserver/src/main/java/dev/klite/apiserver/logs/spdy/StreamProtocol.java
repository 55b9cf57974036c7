package dev.klite.apiserver.logs.spdy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The remotecommand stream protocols served over SPDY
 * ({@code staging/src/k8s.io/apimachinery/pkg/util/remotecommand/constants.go}; the per-version differences from
 * {@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go}): v4 writes a JSON {@code metav1.Status} on the
 * error stream (exit codes reach the client), v3 adds the resize stream, v2 and v1 write only a failure's message.
 */
public enum StreamProtocol {
  V4("v4.channel.k8s.io"),
  V3("v3.channel.k8s.io"),
  V2("v2.channel.k8s.io"),
  V1("channel.k8s.io");

  private final String header;

  StreamProtocol(String header) {
    this.header = header;
  }

  public String header() {
    return header;
  }

  /** A terminal's resize events have their own stream from v3 on. */
  public boolean resizes() {
    return this == V4 || this == V3;
  }

  /** The error stream carries the whole Status as JSON (v4) rather than a failure's text. */
  public boolean statusAsJson() {
    return this == V4;
  }

  static Optional<StreamProtocol> of(String header) {
    return Arrays.stream(values()).filter(p -> p.header.equals(header)).findFirst();
  }
}
