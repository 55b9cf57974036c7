package dev.klite.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.resources.BuiltinResources;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Discovery over HTTP: what kubectl's discovery client checks (Content-Type, bodies). */
class DiscoveryApiTest {
  private static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    DiscoveryApi.mount(router, BuiltinResources.all());
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path, String accept) throws Exception {
    var req = client.get(port, "127.0.0.1", path);
    if (accept != null) req.putHeader("Accept", accept);
    return req.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ObjectNode body(HttpResponse<Buffer> r) {
    return (ObjectNode) Json.parse(r.body().getBytes());
  }

  @Test
  void aggregatedDiscoveryIsLabelledWithTheExactContentType() throws Exception {
    for (String path : new String[] {"/api?timeout=32s", "/apis?timeout=32s"}) {
      HttpResponse<Buffer> r = get(path, KUBECTL_ACCEPT);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo(DiscoveryApi.V2_CONTENT_TYPE);
      assertThat(Fields.string(body(r), "kind")).isEqualTo("APIGroupDiscoveryList");
      assertThat(Fields.string(body(r), "apiVersion")).isEqualTo("apidiscovery.k8s.io/v2");
    }
  }

  @Test
  void legacyDiscoveryForPlainJson() throws Exception {
    HttpResponse<Buffer> api = get("/api", "application/json, */*");
    assertThat(api.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(Fields.string(body(api), "kind")).isEqualTo("APIVersions");
    assertThat(Fields.strings(body(api), "versions")).containsExactly("v1");
    assertThat(Fields.string(body(get("/apis", null)), "kind")).isEqualTo("APIGroupList");
    assertThat(Fields.string(body(get("/api/v1", null)), "kind")).isEqualTo("APIResourceList");
    assertThat(Fields.string(body(get("/apis/batch/v1", null)), "groupVersion")).isEqualTo("batch/v1");
    assertThat(Fields.string(body(get("/apis/batch", null)), "kind")).isEqualTo("APIGroup");
  }

  @Test
  void versionIsServed() throws Exception {
    HttpResponse<Buffer> r = get("/version?timeout=5s", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Fields.string(body(r), "minor")).isEqualTo("32");
  }
}
