package dev.klite.kubelet.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How grpc-go's client turns a response's headers and trailers into a status, and prints it. */
class RpcStatusTest {
  @Test
  void aGrpcResponseImposesNoStatus() {
    assertThat(RpcStatus.fromHttp(200, "application/grpc")).isNull();
    assertThat(RpcStatus.fromHttp(200, "application/grpc+proto")).isNull();
    assertThat(RpcStatus.fromHttp(200, "application/grpc; charset=utf-8")).isNull();
  }

  @Test
  void httpStatusesMapToCodesAndContentTypeProblemsAreAppended() {
    assertThat(RpcStatus.fromHttp(404, "text/html").toString()).isEqualTo("rpc error: code = Unimplemented desc = "
        + "unexpected HTTP status code received from server: 404 (Not Found); transport: received unexpected "
        + "content-type \"text/html\"");
    assertThat(RpcStatus.fromHttp(400, null).toString()).isEqualTo("rpc error: code = Internal desc = unexpected "
        + "HTTP status code received from server: 400 (Bad Request); malformed header: missing HTTP content-type");
    assertThat(RpcStatus.fromHttp(503, "application/grpc").toString())
        .isEqualTo("rpc error: code = Unavailable desc = unexpected HTTP status code received from server: 503 "
            + "(Service Unavailable)");
    assertThat(RpcStatus.fromHttp(405, null).code()).isEqualTo(RpcStatus.UNKNOWN);
    assertThat(RpcStatus.fromHttp(200, "text/plain").toString())
        .isEqualTo("rpc error: code = Internal desc = transport: received unexpected content-type \"text/plain\"");
    assertThat(RpcStatus.fromHttp(200, "application/grpcx")).isNotNull();
  }

  @Test
  void trailersCarryThePercentEncodedMessage() {
    assertThat(RpcStatus.fromTrailers("5", "unknown%20service%3A%20%E2%9C%93"))
        .isEqualTo(new RpcStatus(5, "unknown service: \u2713"));
    assertThat(RpcStatus.fromTrailers("14", "50% done %zz")).isEqualTo(new RpcStatus(14, "50% done %zz"));
    assertThat(RpcStatus.fromTrailers(null, null)).isEqualTo(new RpcStatus(RpcStatus.UNKNOWN, ""));
    assertThat(RpcStatus.fromTrailers("x", null).toString()).isEqualTo("rpc error: code = Internal desc = transport: "
        + "malformed grpc-status: strconv.ParseInt: parsing \"x\": invalid syntax");
  }

  @Test
  void codesPrintAsGoNamesThem() {
    assertThat(RpcStatus.codeName(0)).isEqualTo("OK");
    assertThat(RpcStatus.codeName(4)).isEqualTo("DeadlineExceeded");
    assertThat(RpcStatus.codeName(16)).isEqualTo("Unauthenticated");
    assertThat(RpcStatus.codeName(17)).isEqualTo("Code(17)");
  }
}
