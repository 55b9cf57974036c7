package dev.klite.apiserver.logs.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream-protocol negotiation as httpstream.Handshake does it. */
class SpdyHandshakeTest {
  @Test
  void theClientsFirstServedVersionWins() {
    // kubectl 1.27–1.29 send one header per version, best first.
    assertThat(SpdyHandshake.negotiate(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io",
        "channel.k8s.io")).protocol()).contains(StreamProtocol.V4);
    // kubectl 1.30+ (SPDY fallback) lead with v5, which is served over WebSocket only.
    assertThat(SpdyHandshake.negotiate(List.of("v5.channel.k8s.io", "v4.channel.k8s.io")).protocol())
        .contains(StreamProtocol.V4);
    assertThat(SpdyHandshake.negotiate(List.of("v2.channel.k8s.io, channel.k8s.io")).protocol())
        .contains(StreamProtocol.V2);
    assertThat(SpdyHandshake.negotiate(List.of("channel.k8s.io")).protocol()).contains(StreamProtocol.V1);
  }

  @Test
  void noVersionIsABadRequest() {
    SpdyHandshake.Result result = SpdyHandshake.negotiate(List.of());
    assertThat(result.protocol()).isEmpty();
    assertThat(result.code()).isEqualTo(400);
    assertThat(result.message()).isEqualTo("unable to upgrade: X-Stream-Protocol-Version is required");
    assertThat(SpdyHandshake.negotiate(List.of(" , ")).code()).isEqualTo(400);
  }

  @Test
  void noCommonVersionIsForbiddenAndListsBothSides() {
    SpdyHandshake.Result result = SpdyHandshake.negotiate(List.of("v5.channel.k8s.io", "v9.example"));
    assertThat(result.protocol()).isEmpty();
    assertThat(result.code()).isEqualTo(403);
    assertThat(result.message()).isEqualTo("unable to upgrade: unable to negotiate protocol: client supports "
        + "[v5.channel.k8s.io v9.example], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io "
        + "channel.k8s.io]");
  }

  @Test
  void recognisesTheUpgradeRequest() {
    assertThat(SpdyHandshake.isSpdyUpgrade("Upgrade", "SPDY/3.1")).isTrue();
    assertThat(SpdyHandshake.isSpdyUpgrade("keep-alive, upgrade", "spdy/3.1")).isTrue();
    assertThat(SpdyHandshake.isSpdyUpgrade("Upgrade", "websocket")).isFalse();
    assertThat(SpdyHandshake.isSpdyUpgrade(null, "SPDY/3.1")).isFalse();
    assertThat(SpdyHandshake.isSpdyUpgrade("Upgrade", null)).isFalse();
  }

  @Test
  void versionsDifferInResizeAndStatusFormat() {
    assertThat(StreamProtocol.V4.resizes()).isTrue();
    assertThat(StreamProtocol.V3.resizes()).isTrue();
    assertThat(StreamProtocol.V2.resizes()).isFalse();
    assertThat(StreamProtocol.V4.statusAsJson()).isTrue();
    assertThat(StreamProtocol.V3.statusAsJson()).isFalse();
  }
}
