package dev.klite.kubelet.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A gRPC call's status as grpc-go's client derives it from an HTTP/2 response (google.golang.org/grpc
 * internal/transport/http2_client.go operateHeaders, http_util.go): a non-200 {@code :status} or a non-gRPC
 * content-type becomes a code from the HTTP status, otherwise {@code grpc-status} and the percent-decoded
 * {@code grpc-message}. {@link #toString()} is grpc-go's error text, {@code rpc error: code = X desc = Y}. Pure.
 */
public record RpcStatus(int code, String message) {
  public static final int OK = 0;
  public static final int UNKNOWN = 2;
  public static final int DEADLINE_EXCEEDED = 4;
  public static final int UNIMPLEMENTED = 12;
  public static final int INTERNAL = 13;
  public static final int UNAVAILABLE = 14;

  /** codes.Code String() names, by number. */
  private static final List<String> NAMES = List.of("OK", "Canceled", "Unknown", "InvalidArgument",
      "DeadlineExceeded", "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted", "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated");

  /** grpc-go's HTTPStatusConvTab; any other non-200 status is Unknown. */
  private static final Map<Integer, Integer> HTTP_TO_CODE = Map.of(400, INTERNAL, 401, 16, 403, 7, 404, UNIMPLEMENTED,
      429, 14, 502, 14, 503, 14, 504, 14);

  /** Reason phrases of the statuses a misdirected gRPC call commonly gets (Go's http.StatusText). */
  private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(415, "Unsupported Media Type"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  /**
   * The status a response's headers impose before any gRPC status is read, or null when they are a gRPC response
   * ({@code :status} 200 and an {@code application/grpc} content-type).
   */
  public static RpcStatus fromHttp(int httpStatus, String contentType) {
    String statusErr = httpStatus == 200 ? null
        : "unexpected HTTP status code received from server: " + httpStatus + " ("
            + STATUS_TEXT.getOrDefault(httpStatus, "") + ")";
    String typeErr = null;
    if (contentType == null) {
      typeErr = "malformed header: missing HTTP content-type";
    } else if (!isGrpc(contentType)) {
      typeErr = "transport: received unexpected content-type \"" + contentType + "\"";
    }
    if (statusErr == null && typeErr == null) {
      return null;
    }
    int code = httpStatus == 200 ? INTERNAL : HTTP_TO_CODE.getOrDefault(httpStatus, UNKNOWN);
    String message = statusErr == null ? typeErr : typeErr == null ? statusErr : statusErr + "; " + typeErr;
    return new RpcStatus(code, message);
  }

  /** From {@code grpc-status} and {@code grpc-message}; a missing status is Unknown, as in grpc-go. */
  public static RpcStatus fromTrailers(String grpcStatus, String grpcMessage) {
    String message = grpcMessage == null ? "" : percentDecode(grpcMessage);
    if (grpcStatus == null) {
      return new RpcStatus(UNKNOWN, message);
    }
    try {
      return new RpcStatus(Integer.parseInt(grpcStatus.trim()), message);
    } catch (NumberFormatException e) {
      return new RpcStatus(INTERNAL, "transport: malformed grpc-status: strconv.ParseInt: parsing \""
          + grpcStatus + "\": invalid syntax");
    }
  }

  /** codes.Code String(): the name, or {@code Code(n)} for an undeclared number. */
  public static String codeName(int code) {
    return code >= 0 && code < NAMES.size() ? NAMES.get(code) : "Code(" + code + ")";
  }

  @Override
  public String toString() {
    return "rpc error: code = " + codeName(code) + " desc = " + message;
  }

  /** {@code application/grpc}, alone or with a {@code +subtype} or {@code ;parameters} (grpcutil.ContentSubtype). */
  static boolean isGrpc(String contentType) {
    String base = "application/grpc";
    if (!contentType.regionMatches(true, 0, base, 0, base.length())) {
      return false;
    }
    if (contentType.length() == base.length()) {
      return true;
    }
    char next = contentType.charAt(base.length());
    return next == '+' || next == ';';
  }

  /** grpc-message is percent-encoded UTF-8 (PROTOCOL-HTTP2.md); malformed escapes are kept as they are. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
