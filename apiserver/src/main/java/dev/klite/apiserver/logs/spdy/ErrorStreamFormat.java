package dev.klite.apiserver.logs.spdy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What goes on the SPDY error stream for the kubelet's final Status (channel 3 of its WebSocket, always v4 JSON):
 * v4 clients get the JSON as is (so a {@code NonZeroExitCode} with its {@code ExitCode} cause becomes kubectl's
 * {@code command terminated with exit code N}); v1–v3 clients get only a failure's message and nothing on success
 * ({@code v4WriteStatusFunc} / {@code v1WriteStatusFunc} in
 * {@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go}). Pure.
 */
public final class ErrorStreamFormat {
  private ErrorStreamFormat() {}

  public static Optional<Buffer> format(StreamProtocol protocol, Buffer status) {
    if (protocol.statusAsJson()) {
      return Optional.of(status);
    }
    try {
      JsonObject json = new JsonObject(status);
      if ("Success".equals(json.getString("status"))) {
        return Optional.empty();
      }
      return Optional.of(Buffer.buffer(json.getString("message", "")));
    } catch (DecodeException | ClassCastException e) {
      // Not a Status: pass the text on, it is the best description there is.
      return Optional.of(status);
    }
  }
}
