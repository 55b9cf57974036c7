package dev.klite.kubelet.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.kubelet.Leaks;
import dev.klite.kubelet.logs.LogServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class ExecHandlerTest {
  private static final List<String> V5 = List.of("v5.channel.k8s.io");
  private static final String SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";

  @TempDir Path dir;
  private Vertx vertx;
  private ExecutorService blocking;
  private LogServer server;
  private final Map<String, Map<String, ExecTarget>> pods = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> containerExit = new CompletableFuture<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    blocking = Executors.newCachedThreadPool();
    server = LogServer.start(vertx, "127.0.0.1", 0, "tok", (ns, pod) -> Optional.empty(), blocking,
        router -> ExecHandler.install(router, (ns, pod) -> Optional.ofNullable(pods.get(ns + "/" + pod)), blocking))
        .get(10, TimeUnit.SECONDS);
    pods.put("default/p", Map.of("main", new ExecTarget(0, Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi"), null,
        dir, containerExit)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    blocking.shutdownNow();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(Leaks.processesMentioning("sleep 4321")).isEmpty();
  }

  private ExecClient exec(String query, List<String> protocols) throws Exception {
    return ExecClient.connect(vertx, server.port(), "/exec/default/p/main?" + query, "tok", protocols);
  }

  /** {@code sh -c script} as command parameters, encoded as the API server forwards them. */
  private static String sh(String script) {
    return "command=sh&command=-c&command=" + URLEncoder.encode(script, StandardCharsets.UTF_8);
  }

  @Test
  void runsTheCommandWithTheContainersEnvironmentAndReportsSuccess() throws Exception {
    try (ExecClient c = exec(sh("echo $GREETING; pwd; echo e >&2") + "&stdout=true&stderr=true", V5)) {
      ExecClient.Result r = c.await();
      assertThat(r.protocol()).isEqualTo("v5.channel.k8s.io");
      assertThat(r.stdout()).isEqualTo("hi\n" + dir + "\n");
      assertThat(r.stderr()).isEqualTo("e\n");
      assertThat(r.status()).isEqualTo(SUCCESS);
      assertThat(r.closeCode()).isEqualTo((short) 1000);
    }
  }

  @Test
  void reportsANonZeroExitCodeAsUpstreamsStatus() throws Exception {
    try (ExecClient c = exec(sh("exit 3") + "&stdout=true&stderr=true", V5)) {
      ExecClient.Result r = c.await();
      assertThat(r.status()).contains("\"status\":\"Failure\"", "\"reason\":\"NonZeroExitCode\"",
          "\"message\":\"command terminated with non-zero exit code: exit status 3\"",
          "\"details\":{\"causes\":[{\"message\":\"3\",\"reason\":\"ExitCode\"}]}", "\"metadata\":{}");
      assertThat(r.closeCode()).isEqualTo((short) 1000);
    }
  }

  @Test
  void feedsStdinUntilTheV5CloseSignal() throws Exception {
    try (ExecClient c = exec("command=cat&stdin=true&stdout=true&stderr=true", V5)) {
      c.send(0, "hello ");
      c.send(0, "world\n");
      assertThat(c.awaitStdout("hello world\n")).isEqualTo("hello world\n");
      c.closeStdin();
      ExecClient.Result r = c.await();
      assertThat(r.status()).isEqualTo(SUCCESS);
    }
  }

  @Test
  void speaksV4WhenThatIsWhatTheClientOffers() throws Exception {
    try (ExecClient c = exec("command=echo&command=x&stdout=true", List.of("v4.channel.k8s.io"))) {
      ExecClient.Result r = c.await();
      assertThat(r.protocol()).isEqualTo("v4.channel.k8s.io");
      assertThat(r.stdout()).isEqualTo("x\n");
      assertThat(r.status()).isEqualTo(SUCCESS);
    }
  }

  @Test
  void givesATtyCommandATerminalAndAppliesResizes() throws Exception {
    try (ExecClient c = exec(sh("tty; read x; stty size") + "&stdin=true&stdout=true&tty=true", V5)) {
      assertThat(c.awaitStdout("\n")).startsWith("/dev/pts/");
      c.send(4, "{\"Width\":123,\"Height\":45}");
      // The terminal echoes input, as a real pty does.
      c.send(0, "go\n");
      assertThat(c.awaitStdout("45 123")).contains("go");
      ExecClient.Result r = c.await();
      assertThat(r.status()).isEqualTo(SUCCESS);
    }
  }

  @Test
  void answersPings() throws Exception {
    try (ExecClient c = exec("command=cat&stdin=true&stdout=true", V5)) {
      c.ws.writePing(Buffer.buffer("p"));
      assertThat(c.pongs.poll(ExecClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
      c.closeStdin();
      assertThat(c.await().status()).isEqualTo(SUCCESS);
    }
  }

  @Test
  void killsTheCommandWhenTheClientGoesAwayOrTheContainerExits() throws Exception {
    try (ExecClient c = exec(sh("echo up; exec sleep 4321") + "&stdout=true", V5)) {
      c.awaitStdout("up");
    }
    try (ExecClient c = exec(sh("echo up; exec sleep 4321") + "&stdout=true", V5)) {
      c.awaitStdout("up");
      containerExit.complete(null);
      assertThat(c.await().status()).contains("exit status 137");
    }
  }

  @Test
  void reportsAMissingExecutableAsAnInternalError() throws Exception {
    try (ExecClient c = exec("command=no-such-tool&stdout=true", V5)) {
      ExecClient.Result r = c.await();
      assertThat(r.status()).contains("\"code\":500", "\"reason\":\"InternalError\"", "\"status\":\"Failure\"",
          "Internal error occurred: error executing command in container: failed to exec in container: failed to "
              + "start exec", "exec: \\\"no-such-tool\\\": executable file not found in $PATH: unknown");
    }
  }

  @Test
  void refusesUnknownPodsContainersBadOptionsAndMissingTokens() throws Exception {
    UpgradeRejectedException noPod = ExecClient.rejected(vertx, server.port(),
        "/exec/default/nope/main?command=ls&stdout=true", "tok");
    assertThat(noPod.getStatus()).isEqualTo(404);
    assertThat(noPod.getBody().toString()).isEqualTo("pod does not exist");
    UpgradeRejectedException noContainer = ExecClient.rejected(vertx, server.port(),
        "/exec/default/p/other?command=ls&stdout=true", "tok");
    assertThat(noContainer.getStatus()).isEqualTo(500);
    assertThat(noContainer.getBody().toString()).isEqualTo("container not found (\"other\")");
    UpgradeRejectedException noStreams = ExecClient.rejected(vertx, server.port(),
        "/exec/default/p/main?command=ls", "tok");
    assertThat(noStreams.getStatus()).isEqualTo(400);
    assertThat(noStreams.getBody().toString()).isEqualTo("you must specify at least 1 of stdin, stdout, stderr");
    UpgradeRejectedException noToken = ExecClient.rejected(vertx, server.port(),
        "/exec/default/p/main?command=ls&stdout=true", "wrong");
    assertThat(noToken.getStatus()).isEqualTo(401);
  }
}
