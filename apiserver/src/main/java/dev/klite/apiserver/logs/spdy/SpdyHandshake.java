package dev.klite.apiserver.logs.spdy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SPDY/3.1 upgrade request and its stream-protocol negotiation, as
 * {@code staging/src/k8s.io/apimachinery/pkg/util/httpstream/httpstream.go} (Handshake, negotiateProtocol) and
 * {@code httpstream/spdy/upgrade.go} (the header checks) do it: the client lists the versions it speaks in
 * {@code X-Stream-Protocol-Version} (repeated or comma-separated, best first) and the first one the server serves
 * wins. Pure.
 */
public final class SpdyHandshake {
  public static final String UPGRADE = "SPDY/3.1";
  public static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
  public static final String ACCEPTED_HEADER = "X-Accepted-Stream-Protocol-Versions";
  /** The kubelet's remotecommand versions (pkg/util/remotecommand constants.go SupportedStreamingProtocols). */
  public static final List<String> SERVER_PROTOCOLS = List.of(StreamProtocol.V4.header(), StreamProtocol.V3.header(),
      StreamProtocol.V2.header(), StreamProtocol.V1.header());

  private SpdyHandshake() {}

  /** An {@code Upgrade: SPDY/3.1} request (what client-go's SPDY round tripper sends). */
  public static boolean isSpdyUpgrade(String connection, String upgrade) {
    return connection != null && connection.toLowerCase(Locale.ROOT).contains("upgrade")
        && upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains(UPGRADE.toLowerCase(Locale.ROOT));
  }

  /** The outcome: the protocol agreed on, or the refusal's HTTP code and message. */
  public record Result(Optional<StreamProtocol> protocol, int code, String message) {
    static Result agreed(StreamProtocol p) {
      return new Result(Optional.of(p), 101, "");
    }

    static Result refused(int code, String message) {
      return new Result(Optional.empty(), code, message);
    }
  }

  /** Negotiates among the values of the client's {@code X-Stream-Protocol-Version} headers. */
  public static Result negotiate(List<String> headerValues) {
    List<String> offered = new ArrayList<>();
    for (String value : headerValues) {
      for (String p : value.split(",")) {
        if (!p.isBlank()) offered.add(p.trim());
      }
    }
    if (offered.isEmpty()) {
      // The kubelet answers this with 400 (createHTTPStreamStreams: http.StatusBadRequest).
      return Result.refused(400, "unable to upgrade: " + PROTOCOL_HEADER + " is required");
    }
    for (String p : offered) {
      Optional<StreamProtocol> known = StreamProtocol.of(p);
      if (known.isPresent()) return Result.agreed(known.get());
    }
    // Go prints a []string as [a b c].
    return Result.refused(403, "unable to upgrade: unable to negotiate protocol: client supports ["
        + String.join(" ", offered) + "], server accepts [" + String.join(" ", SERVER_PROTOCOLS) + "]");
  }
}
