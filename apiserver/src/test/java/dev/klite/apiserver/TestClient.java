package dev.klite.apiserver;

import dev.klite.apiserver.object.Json;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A small HTTPS client for tests that trusts the server's generated CA and sends its token. */
final class TestClient {
  /** One answer. */
  record Response(int code, java.net.http.HttpHeaders headers, String body) {
    ObjectNode json() {
      return (ObjectNode) Json.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    List<String> warnings() {
      return headers.allValues("Warning");
    }
  }

  /** A running watch: lines (events) arrive in {@link #events}; {@code END} marks the end. */
  static final class WatchStream implements AutoCloseable {
    static final String END = "<end>";
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile WebSocket socket;

    ObjectNode next() throws InterruptedException {
      String line = events.poll(10, TimeUnit.SECONDS);
      if (line == null) throw new AssertionError("no watch event within 10s");
      if (line.equals(END)) throw new AssertionError("watch ended");
      return (ObjectNode) Json.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits for the end of the stream. */
    boolean awaitEnd(long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < deadline) {
        String line = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (END.equals(line)) return true;
      }
      return false;
    }

    @Override
    public void close() {
      if (subscription != null) subscription.cancel();
      if (socket != null) socket.abort();
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http;

  TestClient(ApiServer server) {
    this(server.url(), server.caCertificatePem(), server.adminToken());
  }

  TestClient(URI base, String caPem, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder().sslContext(trusting(caPem)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static SSLContext trusting(String caPem) {
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Response get(String path) {
    return send("GET", path, null, null, null);
  }

  Response get(String path, String accept) {
    return send("GET", path, null, null, accept);
  }

  Response post(String path, String json) {
    return send("POST", path, json, "application/json", null);
  }

  Response put(String path, String json) {
    return send("PUT", path, json, "application/json", null);
  }

  Response delete(String path, String json) {
    return send("DELETE", path, json, json == null ? null : "application/json", null);
  }

  Response send(String method, String path, String body, String contentType, String accept) {
    return send(method, path, body, contentType, accept, true);
  }

  Response send(String method, String path, String body, String contentType, String accept, boolean auth) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (auth) b.header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    if (accept != null) b.header("Accept", accept);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** Opens a chunked watch; lines are queued as they arrive. */
  WatchStream watch(String path, String accept) {
    WatchStream stream = new WatchStream();
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    if (accept != null) b.header("Accept", accept);
    http.sendAsync(b.build(), info -> {
      stream.status.complete(info.statusCode());
      return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
          stream.subscription = s;
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
          if (!item.isBlank()) stream.events.add(item);
        }

        @Override
        public void onError(Throwable t) {
          stream.events.add(TestClient.WatchStream.END);
        }

        @Override
        public void onComplete() {
          stream.events.add(TestClient.WatchStream.END);
        }
      });
    }).exceptionally(t -> {
      stream.events.add(TestClient.WatchStream.END);
      return null;
    });
    return stream;
  }

  /** Opens a WebSocket watch (fabric8's way): one text frame per event. */
  WatchStream webSocketWatch(String path) {
    WatchStream stream = new WatchStream();
    URI uri = URI.create(base.resolve(path).toString().replaceFirst("^https", "wss"));
    http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(uri, new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              stream.events.add(partial.toString().trim());
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            stream.events.add(TestClient.WatchStream.END);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            stream.events.add(TestClient.WatchStream.END);
          }
        }).whenComplete((ws, err) -> {
          if (err != null) {
            stream.status.complete(-1);
            stream.events.add(TestClient.WatchStream.END);
          } else {
            stream.socket = ws;
            stream.status.complete(101);
          }
        });
    return stream;
  }

  static String text(JsonNode n, String field) {
    return n.path(field).asString("");
  }
}
