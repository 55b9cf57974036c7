package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.apiserver.watch.WatchSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher that stops reading is ended as the cacher ends a blocked watcher: once its response
 * takes no more, live events wait in a small buffer, and when the buffer stays full past the
 * slow-write budget the stream is terminated (counted in apiserver_terminated_watchers_total),
 * even though the request asked for no timeout; the events it missed were never queued for it.
 */
class SlowWatcherTest {
  @TempDir
  Path dir;

  @Test
  void aWatcherThatStopsReadingIsEnded() throws Exception {
    WatchSettings settings = new WatchSettings(4096, Duration.ofSeconds(30), Duration.ofMillis(500), 2);
    try (ApiServer server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withWatchSettings(settings))) {
      TestClient client = new TestClient(server);
      SSLSocket socket = (SSLSocket) TestClient.trusting(server.caCertificatePem()).getSocketFactory()
          .createSocket();
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + server.adminToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String big = "x".repeat(1_000_000);
      int objects = 24;
      for (int i = 0; i < objects; i++) {
        TestClient.Response r = client.post("/api/v1/namespaces/default/configmaps", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big-%d"},"data":{"k":"%s"}}"""
            .formatted(i, big));
        assertThat(r.code()).isEqualTo(201);
      }
      // The kernel buffers fill long before 24 MB, so events back up and the budget ends the watch
      // while nobody reads; only then read, so a late read cannot unblock it first.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.get("/metrics").body())
          .contains("apiserver_terminated_watchers_total{resource=\"configmaps\"} 1.0"));
      // Now read: the server has ended the stream (final chunk) instead of waiting.
      socket.setSoTimeout(30_000);
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[65536];
      long total = 0;
      String tail = "";
      boolean ended = false;
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          total += n;
          tail = (tail + new String(buf, Math.max(0, n - 16), Math.min(n, 16), StandardCharsets.ISO_8859_1));
          tail = tail.substring(Math.max(0, tail.length() - 16));
          if (tail.endsWith("\r\n0\r\n\r\n")) {
            ended = true;
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        ended = false;
      }
      socket.close();
      assertThat(ended).as("the blocked watch was ended by the server").isTrue();
      assertThat(total).as("the ended watch did not deliver every event").isLessThan((long) objects * big.length());
    }
  }
}
