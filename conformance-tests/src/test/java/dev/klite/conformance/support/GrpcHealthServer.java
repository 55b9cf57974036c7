package dev.klite.conformance.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gRPC health server run as a pod's process: it plays upstream's {@code agnhost grpc-health-checking} in
 * test/e2e/common/node/container_probe.go. It answers {@code /grpc.health.v1.Health/Check} over HTTP/2 cleartext (on
 * by default in Vert.x's server) as grpc-go's health server does: the status of a known service, {@code NotFound
 * "unknown service"} otherwise; other methods get {@code Unimplemented}. The protobuf messages have one field each
 * and are written by hand. It logs each check, so a spec can see that its probe reached it.
 *
 * <p>Usage: {@code GrpcHealthServer <host> <port> [service=STATUS ...]}; the service "" is SERVING unless given.
 */
public final class GrpcHealthServer {
  private static final String CHECK = "/grpc.health.v1.Health/Check";
  private static final List<String> STATUSES = List.of("UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN");

  private GrpcHealthServer() {}

  /** The argv of a container running this server with the test JVM's java and class path. */
  public static List<String> command(String host, int port, String... services) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        GrpcHealthServer.class.getName(), host, Integer.toString(port)));
    argv.addAll(List.of(services));
    return argv;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: GrpcHealthServer <host> <port> [service=STATUS ...]");
      System.exit(2);
    }
    Map<String, Integer> statuses = new HashMap<>();
    statuses.put("", 1);
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].lastIndexOf('=');
      statuses.put(args[i].substring(0, eq), STATUSES.indexOf(args[i].substring(eq + 1)));
    }
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHost(args[0]).setPort(Integer.parseInt(args[1])))
        .requestHandler(req -> handle(req, statuses))
        .listen()
        .onSuccess(s -> System.out.println("grpc health server listening on " + args[0] + ":" + s.actualPort()))
        .onFailure(e -> {
          System.err.println("cannot listen: " + e);
          System.exit(1);
        });
  }

  private static void handle(HttpServerRequest req, Map<String, Integer> statuses) {
    if (!CHECK.equals(req.path())) {
      trailersOnly(req, 12, "unknown service " + req.path());
      return;
    }
    req.body().onSuccess(body -> {
      String service = service(body.getBytes());
      Integer status = statuses.get(service);
      System.out.println("check service=\"" + service + "\": "
          + (status == null ? "unknown service" : STATUSES.get(status)));
      if (status == null) {
        trailersOnly(req, 5, "unknown service");
        return;
      }
      // HealthCheckResponse{status}: field 1 as a varint, in one uncompressed length-prefixed frame.
      byte[] frame = {0, 0, 0, 0, 2, 0x08, (byte) (int) status};
      req.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
          .end(Buffer.buffer(frame));
    });
  }

  /** A gRPC error with no body: status and message in the only HEADERS frame. */
  private static void trailersOnly(HttpServerRequest req, int code, String message) {
    req.response().putHeader("content-type", "application/grpc").putHeader("grpc-status", Integer.toString(code))
        .putHeader("grpc-message", message.replace("%", "%25").replace(" ", "%20")).end();
  }

  /** HealthCheckRequest.service: field 1 (tag 0x0A) after the 5-byte frame header; absent means "". */
  private static String service(byte[] frame) {
    int pos = 5;
    while (pos < frame.length) {
      int tag = frame[pos++] & 0xFF;
      int len = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = frame[pos++];
        len |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      if (tag == 0x0A) {
        return new String(frame, pos, len, StandardCharsets.UTF_8);
      }
      pos += len;
    }
    return "";
  }
}
