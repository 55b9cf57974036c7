package dev.klite.kubelet.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** grpc.health.v1 messages in protobuf's binary form, framed as gRPC frames one message. */
class HealthMessagesTest {
  @Test
  void theDefaultServiceIsAnEmptyMessage() {
    assertThat(HealthMessages.request("")).containsExactly(0, 0, 0, 0, 0);
    assertThat(HealthMessages.request(null)).containsExactly(0, 0, 0, 0, 0);
  }

  @Test
  void aServiceIsFieldOneLengthDelimited() {
    assertThat(HealthMessages.request("foo")).containsExactly(0, 0, 0, 0, 5, 0x0A, 3, 'f', 'o', 'o');
  }

  @Test
  void longServiceNamesGetAMultiByteLength() {
    byte[] framed = HealthMessages.request("s".repeat(200));
    assertThat(framed).startsWith(0, 0, 0, 0, (byte) 203, 0x0A, (byte) 0xC8, 1);
    assertThat(framed).hasSize(5 + 3 + 200);
  }

  @Test
  void theStatusIsFieldOneAndDefaultsToUnknown() {
    assertThat(HealthMessages.status(new byte[] {0x08, 1})).isEqualTo(1);
    assertThat(HealthMessages.status(new byte[0])).isZero();
    // Unknown fields of every wire type are skipped.
    assertThat(HealthMessages.status(new byte[] {0x12, 2, 'x', 'y', 0x18, (byte) 0x96, 1, 0x25, 0, 0, 0, 0,
        0x29, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 2})).isEqualTo(2);
  }

  @Test
  void unframeTakesExactlyOneUncompressedMessage() {
    assertThat(HealthMessages.unframe(new byte[] {0, 0, 0, 0, 2, 0x08, 1})).containsExactly(0x08, 1);
    assertThatThrownBy(() -> HealthMessages.unframe(new byte[] {1, 0, 0, 0, 2, 0x08, 1}))
        .hasMessage("compressed flag set with identity or empty encoding");
    assertThatThrownBy(() -> HealthMessages.unframe(new byte[] {0, 0, 0, 0, 3, 0x08, 1}))
        .hasMessage("truncated message frame");
    assertThatThrownBy(() -> HealthMessages.unframe(new byte[] {0, 0, 0})).hasMessage("truncated message frame");
    assertThatThrownBy(() -> HealthMessages.status(new byte[] {0x08})).hasMessage("truncated varint");
  }

  @Test
  void statusNamesAreTheEnumsAndNumbersOtherwise() {
    assertThat(HealthMessages.statusName(0)).isEqualTo("UNKNOWN");
    assertThat(HealthMessages.statusName(1)).isEqualTo("SERVING");
    assertThat(HealthMessages.statusName(2)).isEqualTo("NOT_SERVING");
    assertThat(HealthMessages.statusName(3)).isEqualTo("SERVICE_UNKNOWN");
    assertThat(HealthMessages.statusName(9)).isEqualTo("9");
  }
}
