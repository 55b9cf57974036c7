package dev.klite.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServerTest {
  @TempDir Path dir;
  private Vertx vertx;
  private ExecutorService blocking;
  private LogServer server;
  private final Map<String, Map<String, LogTarget>> pods = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    blocking = Executors.newCachedThreadPool();
    server = LogServer.start(vertx, "127.0.0.1", 0, "tok", (ns, pod) -> Optional.ofNullable(pods.get(ns + "/" + pod)),
        blocking).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    blocking.shutdownNow();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer tok").build(), HttpResponse.BodyHandlers.ofString());
  }

  private Path log(String name, String... lines) throws Exception {
    Path p = dir.resolve(name);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      sb.append("2026-01-01T00:00:0").append(i).append("Z stdout F ").append(lines[i]).append('\n');
    }
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void requiresTheBearerToken() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/containerLogs/default/p/main")).header("Authorization", "Bearer wrong").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"reason\":\"Unauthorized\"").contains("\"code\":401");
  }

  @Test
  void answersNotFoundForUnknownPodsAndContainers() throws Exception {
    pods.put("default/p", Map.of("main", new LogTarget(log("0.log", "x"), null, null, false,
        CompletableFuture.completedFuture(null))));
    HttpResponse<String> noPod = get("/containerLogs/default/nope/main");
    assertThat(noPod.statusCode()).isEqualTo(404);
    assertThat(noPod.body()).contains("\"kind\":\"Status\"").contains("pods \\\"nope\\\" not found");
    assertThat(get("/containerLogs/default/p/other").statusCode()).isEqualTo(404);
  }

  @Test
  void previousWithoutAnEarlierInstanceIsABadRequest() throws Exception {
    pods.put("default/p", Map.of("main", new LogTarget(log("0.log", "x"), null, null, false,
        CompletableFuture.completedFuture(null))));
    HttpResponse<String> r = get("/containerLogs/default/p/main?previous=true");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("previous terminated container \\\"main\\\" in pod \\\"p\\\" not found")
        .contains("\"reason\":\"BadRequest\"").contains("\"code\":400");
  }

  @Test
  void aContainerThatNeverStartedIsWaiting() throws Exception {
    pods.put("default/p", Map.of("main", new LogTarget(null, null, "ContainerCreating", false,
        CompletableFuture.completedFuture(null))));
    HttpResponse<String> r = get("/containerLogs/default/p/main");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("container \\\"main\\\" in pod \\\"p\\\" is waiting to start: ContainerCreating");
  }

  @Test
  void servesCurrentAndPreviousLogsWithOptions() throws Exception {
    pods.put("default/p", Map.of("main", new LogTarget(log("1.log", "new1", "new2", "new3"), log("0.log", "old"),
        null, false, CompletableFuture.completedFuture(null))));
    HttpResponse<String> current = get("/containerLogs/default/p/main");
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(current.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(current.body()).isEqualTo("new1\nnew2\nnew3\n");
    assertThat(get("/containerLogs/default/p/main?previous=true").body()).isEqualTo("old\n");
    assertThat(get("/containerLogs/default/p/main?tailLines=1&timestamps=true").body())
        .isEqualTo("2026-01-01T00:00:02Z new3\n");
    assertThat(get("/containerLogs/default/p/main?sinceTime=2026-01-01T00%3A00%3A01Z&limitBytes=7").body())
        .isEqualTo("new2\nne");
    assertThat(get("/containerLogs/default/p/main?tailLines=x").statusCode()).isEqualTo(400);
  }

  @Test
  void followStreamsUntilTheContainerExits() throws Exception {
    Path file = log("0.log", "first");
    CompletableFuture<Void> exited = new CompletableFuture<>();
    pods.put("default/p", Map.of("main", new LogTarget(file, null, null, true, exited)));
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/containerLogs/default/p/main?follow=true")).header("Authorization", "Bearer tok").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    InputStream body = r.body();
    byte[] first = body.readNBytes("first\n".length());
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("first\n");
    Files.writeString(file, "2026-01-01T00:00:09Z stdout F second\n", StandardOpenOption.APPEND);
    exited.complete(null);
    CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(body.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(rest.get(10, TimeUnit.SECONDS)).isEqualTo("second\n");
  }
}
