package dev.klite.apiserver.logs.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The kubelet's final Status on the error stream, per negotiated version (httpstream.go write*StatusFunc). */
class ErrorStreamFormatTest {
  private static final Buffer EXIT_3 = Buffer.buffer("{\"metadata\":{},\"status\":\"Failure\",\"message\":"
      + "\"command terminated with non-zero exit code: exit status 3\",\"reason\":\"NonZeroExitCode\","
      + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}");
  private static final Buffer SUCCESS = Buffer.buffer("{\"metadata\":{},\"status\":\"Success\"}");

  @Test
  void v4GetsTheStatusAsJson() {
    assertThat(ErrorStreamFormat.format(StreamProtocol.V4, EXIT_3)).contains(EXIT_3);
    assertThat(ErrorStreamFormat.format(StreamProtocol.V4, SUCCESS)).contains(SUCCESS);
  }

  @Test
  void olderVersionsGetAFailuresMessageOnly() {
    assertThat(ErrorStreamFormat.format(StreamProtocol.V3, EXIT_3).map(Buffer::toString))
        .contains("command terminated with non-zero exit code: exit status 3");
    assertThat(ErrorStreamFormat.format(StreamProtocol.V2, SUCCESS)).isEmpty();
    assertThat(ErrorStreamFormat.format(StreamProtocol.V1, Buffer.buffer("not json")).map(Buffer::toString))
        .contains("not json");
  }
}
