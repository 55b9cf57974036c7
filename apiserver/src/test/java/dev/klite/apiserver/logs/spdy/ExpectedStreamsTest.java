package dev.klite.apiserver.logs.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.logs.spdy.ExpectedStreams.Type;
import org.junit.jupiter.api.Test;

/** Which streams a session waits for, as httpstream.go's waitForStreams counts them. */
class ExpectedStreamsTest {
  @Test
  void countsTheErrorStreamAndEachRequestedOne() {
    assertThat(new ExpectedStreams(StreamProtocol.V4, false, true, true, false).expected()).isEqualTo(3);
    assertThat(new ExpectedStreams(StreamProtocol.V4, true, true, true, false).expected()).isEqualTo(4);
    assertThat(new ExpectedStreams(StreamProtocol.V4, true, false, false, false).expected()).isEqualTo(2);
  }

  @Test
  void aTtyHasNoStderrButAResizeStreamFromV3On() {
    assertThat(new ExpectedStreams(StreamProtocol.V4, true, true, true, true).expected()).isEqualTo(4);
    assertThat(new ExpectedStreams(StreamProtocol.V3, true, true, false, true).expected()).isEqualTo(4);
    assertThat(new ExpectedStreams(StreamProtocol.V2, true, true, false, true).expected()).isEqualTo(3);
  }

  @Test
  void completesWhenEveryExpectedStreamArrived() {
    ExpectedStreams streams = new ExpectedStreams(StreamProtocol.V4, false, true, true, false);
    assertThat(streams.add(1, "error")).contains(Type.ERROR);
    assertThat(streams.add(3, "stdout")).contains(Type.STDOUT);
    assertThat(streams.complete()).isFalse();
    // Unknown types are answered but neither counted nor recorded (upstream logs them).
    assertThat(streams.add(5, "bogus")).isEmpty();
    assertThat(streams.add(7, null)).isEmpty();
    assertThat(streams.complete()).isFalse();
    assertThat(streams.add(9, "stderr")).contains(Type.STDERR);
    assertThat(streams.complete()).isTrue();

    assertThat(streams.id(Type.STDOUT)).contains(3);
    assertThat(streams.id(Type.STDIN)).isEmpty();
    assertThat(streams.typeOf(9)).contains(Type.STDERR);
    assertThat(streams.typeOf(5)).isEmpty();
  }

  @Test
  void streamTypesAreMatchedWithoutCase() {
    ExpectedStreams streams = new ExpectedStreams(StreamProtocol.V4, true, false, false, false);
    assertThat(streams.add(1, "Error")).contains(Type.ERROR);
    assertThat(streams.add(3, "STDIN")).contains(Type.STDIN);
    assertThat(streams.complete()).isTrue();
  }
}
