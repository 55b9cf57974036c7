package dev.klite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Kubernetes REST client over {@code java.net.http}: HTTP/1.1 with keep-alive, the
 * endpoint's CA and bearer token. It is what the write and list measures time, so it adds as
 * little as possible of its own (no object model, no retries).
 */
public final class Api {
  private static final Pattern CONTINUE = Pattern.compile("\"continue\"\\s*:\\s*\"([^\"]+)\"");

  private final Endpoint endpoint;
  private final HttpClient http;

  public Api(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(endpoint.sslContext())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** A response's status and body. */
  public record Response(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  /** GET {@code path}; blocks the calling thread. */
  public Response get(String path) {
    return send(request(path).GET().build());
  }

  /** POST {@code json} to {@code path}; blocks the calling thread. */
  public Response post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** POST, and fail unless the server answered 2xx. */
  public void create(String path, String json) {
    Response r = post(path, json);
    if (!r.ok()) throw new IllegalStateException("POST " + path + " -> " + r.status() + ": " + abbreviate(r.body()));
  }

  /** Creates the namespace; an existing one is fine. */
  public void createNamespace(String ns) {
    Response r = post("/api/v1/namespaces", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(ns));
    if (!r.ok() && r.status() != 409) {
      throw new IllegalStateException("cannot create namespace " + ns + ": " + r.status() + " " + abbreviate(r.body()));
    }
  }

  /** Lists every page of {@code path} with {@code limit}; returns the number of pages. */
  public int listAllPages(String path, int limit) {
    String cont = null;
    int pages = 0;
    do {
      String url = path + "?limit=" + limit + (cont == null ? "" : "&continue=" + cont);
      Response r = get(url);
      if (!r.ok()) throw new IllegalStateException("GET " + url + " -> " + r.status());
      pages++;
      Matcher m = CONTINUE.matcher(r.body());
      cont = m.find() ? m.group(1) : null;
    } while (cont != null && pages < 100_000);
    return pages;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.base() + path)).timeout(Duration.ofSeconds(60));
    if (!endpoint.token().isEmpty()) b.header("Authorization", "Bearer " + endpoint.token());
    return b;
  }

  private Response send(HttpRequest req) {
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(req.method() + " " + req.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /** A ConfigMap with {@code payloadBytes} of data. */
  public static String configMap(String name, int payloadBytes) {
    return """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s","labels":{"bench":"true"}},"data":{"v":"%s"}}"""
        .formatted(name, "x".repeat(payloadBytes));
  }

  /** A pod running {@code command} (a local process on klite's kubelet), restartPolicy Never. */
  public static String pod(String name, String... command) {
    StringBuilder cmd = new StringBuilder();
    for (String c : command) cmd.append(cmd.length() == 0 ? "" : ",").append('"').append(c).append('"');
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"bench":"true"}},
         "spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":0,
          "containers":[{"name":"main","image":"busybox:1.35","command":[%s]}]}}""".formatted(name, cmd);
  }
}
