package dev.klite.conformance.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP server in the test JVM that records the paths it is asked for: it plays upstream's
 * "pod handling the hook requests" (agnhost netexec). klite runs pods on the host network, so
 * hooks and processes reach it at 127.0.0.1.
 */
public final class HookServer implements AutoCloseable {
  private final HttpServer server;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

  public HookServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().toString());
      byte[] ok = "ok".getBytes();
      exchange.sendResponseHeaders(200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Waits for a request whose path and query equal {@code expected}. */
  public void awaitRequest(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder seen = new StringBuilder();
    while (true) {
      long left = deadline - System.nanoTime();
      String r = left <= 0 ? null : requests.poll(left, TimeUnit.NANOSECONDS);
      if (r == null) throw new AssertionError("no request for " + expected + " within " + timeout + "; seen: " + seen);
      if (r.equals(expected)) return;
      seen.append(r).append(' ');
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
