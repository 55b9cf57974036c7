package dev.klite.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.resources.BuiltinResources;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The index and documents over HTTP, fetched the way kubectl fetches them. */
class OpenApiRoutesTest {
  private static Vertx vertx;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    OpenApiRoutes.mount(router, BuiltinResources.all());
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return client.get(port, "127.0.0.1", uri).send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void indexUrlsServeTheirDocuments() throws Exception {
    HttpResponse<Buffer> index = get("/openapi/v3?timeout=32s");
    assertThat(index.statusCode()).isEqualTo(200);
    ObjectNode paths = Fields.object(Json.parse(index.body().getBytes()), "paths");
    assertThat(paths.propertyNames()).contains("api/v1", "apis/batch/v1");
    for (JsonNode entry : paths.values()) {
      String url = entry.get("serverRelativeURL").asString();
      assertThat(url).contains("?hash=");
      HttpResponse<Buffer> doc = get(url + "&timeout=32s");
      assertThat(doc.statusCode()).isEqualTo(200);
      assertThat(doc.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(Fields.string(Json.parse(doc.body().getBytes()), "openapi")).isEqualTo("3.0.0");
    }
  }

  /** kube-openapi handler.go: protobuf for the gnostic Accept (answered with the dotted type), JSON otherwise. */
  @Test
  void openApiV2IsServedAsProtobufOrJson() throws Exception {
    HttpResponse<Buffer> proto = client.get(port, "127.0.0.1", "/openapi/v2?timeout=32s")
        .putHeader("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").send()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(proto.getHeader("Content-Type")).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assertThat(proto.getHeader("ETag")).startsWith("\"");
    assertThat(proto.body().getBytes()).isEqualTo(OpenApiV2Test.PROTO);
    HttpResponse<Buffer> json = get("/openapi/v2");
    assertThat(json.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(Fields.string(Json.parse(json.body().getBytes()), "swagger")).isEqualTo("2.0");
    HttpResponse<Buffer> cached = client.get(port, "127.0.0.1", "/openapi/v2").putHeader("If-None-Match",
        proto.getHeader("ETag")).send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(cached.statusCode()).isEqualTo(304);
  }
}
