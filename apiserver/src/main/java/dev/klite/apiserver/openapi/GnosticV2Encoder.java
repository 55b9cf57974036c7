package dev.klite.apiserver.openapi;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.klite.apiserver.object.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Encodes a Swagger 2.0 document (as {@link SwaggerV2} builds it) as the protobuf
 * {@code openapi.v2.Document} message of github.com/google/gnostic/openapiv2/OpenAPIv2.proto, the
 * body of {@code /openapi/v2} for {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}.
 * Only the messages and fields such a document uses are written, with gnostic's field numbers.
 * Vendor extensions are {@code NamedAny}s whose {@code Any.yaml} holds the value as JSON text (JSON
 * is YAML, and kubectl reads extensions with a YAML decoder).
 */
final class GnosticV2Encoder {
  private GnosticV2Encoder() {}

  static byte[] encode(JsonNode doc) {
    Msg m = new Msg();
    m.string(1, doc.path("swagger").asString(""));
    m.message(2, new Msg().string(1, doc.path("info").path("title").asString(""))
        .string(2, doc.path("info").path("version").asString("")));
    Msg paths = new Msg();
    for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
      paths.message(2, new Msg().string(1, p.getKey()).message(2, pathItem(p.getValue())));
    }
    m.message(8, paths);
    Msg definitions = new Msg();
    for (Map.Entry<String, JsonNode> d : doc.path("definitions").properties()) {
      definitions.message(1, named(d.getKey(), schema(d.getValue())));
    }
    m.message(9, definitions);
    return m.bytes();
  }

  /** PathItem: get=2 put=3 post=4 delete=5 patch=8 parameters=9. */
  private static Msg pathItem(JsonNode item) {
    Msg m = new Msg();
    int[] fields = {2, 3, 4, 5, 8};
    String[] methods = {"get", "put", "post", "delete", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (item.has(methods[i])) m.message(fields[i], operation(item.get(methods[i])));
    }
    for (JsonNode p : item.path("parameters")) m.message(9, parametersItem(p));
    return m;
  }

  /** Operation: tags=1 description=3 operation_id=5 produces=6 consumes=7 parameters=8 responses=9 schemes=10 x-=13. */
  private static Msg operation(JsonNode op) {
    Msg m = new Msg();
    for (JsonNode t : op.path("tags")) m.string(1, t.asString());
    m.string(3, op.path("description").asString(""));
    m.string(5, op.path("operationId").asString(""));
    for (JsonNode t : op.path("produces")) m.string(6, t.asString());
    for (JsonNode t : op.path("consumes")) m.string(7, t.asString());
    for (JsonNode p : op.path("parameters")) m.message(8, parametersItem(p));
    Msg responses = new Msg();
    for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
      Msg response = new Msg().string(1, r.getValue().path("description").asString(""));
      if (r.getValue().has("schema")) response.message(2, new Msg().message(1, schema(r.getValue().get("schema"))));
      // NamedResponseValue{name, ResponseValue{response=1}}
      responses.message(1, new Msg().string(1, r.getKey()).message(2, new Msg().message(1, response)));
    }
    m.message(9, responses);
    for (JsonNode s : op.path("schemes")) m.string(10, s.asString());
    extensions(op, 13, m);
    return m;
  }

  /** ParametersItem{parameter=1: Parameter{body_parameter=1 | non_body_parameter=2}}. */
  private static Msg parametersItem(JsonNode p) {
    String in = p.path("in").asString("");
    Msg parameter = new Msg();
    if (in.equals("body")) {
      parameter.message(1, new Msg().string(1, p.path("description").asString("")).string(2, p.path("name").asString(""))
          .string(3, in).bool(4, p.path("required").asBoolean(false)).message(5, schema(p.path("schema"))));
    } else {
      boolean query = in.equals("query");
      // Query and path sub-schemas share 1..4; type is 6 (query, after allow_empty_value) or 5 (path).
      Msg sub = new Msg().bool(1, p.path("required").asBoolean(false)).string(2, in)
          .string(3, p.path("description").asString("")).string(4, p.path("name").asString(""))
          .string(query ? 6 : 5, p.path("type").asString("")).bool(query ? 20 : 19, p.path("uniqueItems").asBoolean(false));
      // NonBodyParameter: query_parameter_sub_schema=3, path_parameter_sub_schema=4
      parameter.message(2, new Msg().message(query ? 3 : 4, sub));
    }
    return new Msg().message(1, parameter);
  }

  /**
   * Schema: _ref=1 format=2 description=4 required=19 additional_properties=21 type=22 items=23
   * properties=25 vendor_extension=31.
   */
  static Msg schema(JsonNode s) {
    Msg m = new Msg();
    m.string(1, s.path("$ref").asString(""));
    m.string(2, s.path("format").asString(""));
    m.string(4, s.path("description").asString(""));
    for (JsonNode r : s.path("required")) m.string(19, r.asString());
    if (s.has("additionalProperties")) m.message(21, new Msg().message(1, schema(s.get("additionalProperties"))));
    if (s.has("type")) m.message(22, new Msg().string(1, s.get("type").asString()));
    if (s.has("items")) m.message(23, new Msg().message(1, schema(s.get("items"))));
    if (s.has("properties")) {
      Msg props = new Msg();
      for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) props.message(1, named(p.getKey(), schema(p.getValue())));
      m.message(25, props);
    }
    extensions(s, 31, m);
    return m;
  }

  private static Msg named(String name, Msg value) {
    return new Msg().string(1, name).message(2, value);
  }

  /** NamedAny{name=1, value=2: Any{yaml=2}} for every {@code x-} member. */
  private static void extensions(JsonNode node, int field, Msg m) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getKey().startsWith("x-")) continue;
      m.message(field, new Msg().string(1, e.getKey()).message(2, new Msg().string(2, Json.string(e.getValue()) + "\n")));
    }
  }

  /** A message being written: proto3 semantics, so default scalars are omitted. */
  static final class Msg {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buf);

    Msg string(int field, String value) {
      if (value == null || value.isEmpty()) return this;
      return write(() -> out.writeString(field, value));
    }

    Msg bool(int field, boolean value) {
      return value ? write(() -> out.writeBool(field, true)) : this;
    }

    /** Sub-messages are written even when empty: presence matters (an empty Properties is a struct). */
    Msg message(int field, Msg value) {
      byte[] bytes = value.bytes();
      return write(() -> out.writeBytes(field, ByteString.copyFrom(bytes)));
    }

    byte[] bytes() {
      write(out::flush);
      return buf.toByteArray();
    }

    private interface Io {
      void run() throws IOException;
    }

    private Msg write(Io io) {
      try {
        io.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }
}
