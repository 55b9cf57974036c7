package dev.klite.apiserver.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Batch;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes {@code application/vnd.kubernetes.protobuf} bodies, which kubectl's typed client sends
 * for {@code kubectl create configmap|secret|namespace|job ...} (kubectl-wire.md §9): the
 * {@code k8s\0} magic, a runtime.Unknown envelope (staging/src/k8s.io/apimachinery/pkg/runtime/
 * generated.proto) and the object message of k8s.io/api, turned into the same JSON tree a JSON
 * body gives. The message schemas come from the published generated descriptors; the
 * apimachinery wrapper types (Time, Quantity, IntOrString, RawExtension) map to their JSON forms.
 * Go's protobuf encoder writes non-pointer strings and times even when empty: empty strings and
 * zero times are treated as unset.
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
  private static final Map<String, FileDescriptor> PACKAGES = Map.of(
      "v1", V1.getDescriptor(),
      "batch/v1", V1Batch.getDescriptor(),
      // kubectl auth can-i posts its SelfSubjectAccessReview as protobuf.
      "authorization.k8s.io/v1", V1Authorization.getDescriptor(),
      // kubectl create token posts its TokenRequest as protobuf.
      "authentication.k8s.io/v1", V1Authentication.getDescriptor());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtobufBodies() {}

  static boolean isProtobuf(String mediaType) {
    return mediaType.equals("application/vnd.kubernetes.protobuf");
  }

  /** The object of a protobuf body, with apiVersion and kind from the envelope. */
  static ObjectNode object(byte[] body, String expectedApiVersion, String expectedKind) {
    Runtime.Unknown envelope = envelope(body, expectedKind);
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    if (apiVersion.isEmpty()) apiVersion = expectedApiVersion;
    if (kind.isEmpty()) kind = expectedKind;
    FileDescriptor file = PACKAGES.get(apiVersion);
    Descriptor type = file == null ? null : file.findMessageTypeByName(kind);
    if (type == null) {
      throw ApiException.badRequest(kind + " in version \"" + apiVersion + "\" cannot be handled as a "
          + expectedKind + ": no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\"");
    }
    try {
      ObjectNode obj = NODES.objectNode();
      obj.put("apiVersion", apiVersion);
      obj.put("kind", kind);
      ObjectNode fields = (ObjectNode) toJson(DynamicMessage.parseFrom(type, envelope.getRaw()));
      fields.properties().forEach(e -> obj.set(e.getKey(), e.getValue()));
      ObjectMeta.of(obj);
      return obj;
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(expectedKind + " in version \"" + apiVersion + "\" cannot be handled as a "
          + expectedKind + ": " + e.getMessage());
    }
  }

  /** A DeleteOptions body sent as protobuf (typed clients), as JSON. */
  static ObjectNode deleteOptions(byte[] body) {
    Runtime.Unknown envelope = envelope(body, "DeleteOptions");
    try {
      return (ObjectNode) toJson(Meta.DeleteOptions.parseFrom(envelope.getRaw()));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: "
          + e.getMessage());
    }
  }

  private static Runtime.Unknown envelope(byte[] body, String kind) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw ApiException.badRequest("provided " + kind + " body is not a protobuf-encoded object: missing magic");
    }
    try {
      return Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("provided " + kind + " body is not a valid protobuf envelope: " + e.getMessage());
    }
  }

  /** A message as JSON; null when it stands for "unset" (a zero Time). */
  static JsonNode toJson(Message m) {
    switch (m.getDescriptorForType().getFullName()) {
      case "k8s.io.apimachinery.pkg.apis.meta.v1.Time":
      case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime":
        return time(m);
      case "k8s.io.apimachinery.pkg.api.resource.Quantity":
        return NODES.stringNode(String.valueOf(field(m, "string")));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString": {
        Object type = field(m, "type");
        return type instanceof Long l && l == 1 || type instanceof Integer i && i == 1
            ? NODES.stringNode(String.valueOf(field(m, "strVal")))
            : NODES.numberNode(((Number) field(m, "intVal")).intValue());
      }
      case "k8s.io.apimachinery.pkg.runtime.RawExtension":
      case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1": {
        ByteString raw = (ByteString) field(m, "raw");
        return raw == null || raw.isEmpty() ? null : Json.parse(raw.toByteArray());
      }
      case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
        return NODES.stringNode(String.valueOf(field(m, "duration")));
      default:
        break;
    }
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      JsonNode value;
      if (f.isMapField()) {
        ObjectNode map = NODES.objectNode();
        for (Object entry : (List<?>) e.getValue()) {
          Message em = (Message) entry;
          JsonNode v = scalar(em.getDescriptorForType().findFieldByName("value"),
              em.getField(em.getDescriptorForType().findFieldByName("value")));
          map.set(String.valueOf(em.getField(em.getDescriptorForType().findFieldByName("key"))),
              v == null ? NODES.stringNode("") : v);
        }
        value = map;
      } else if (f.isRepeated()) {
        ArrayNode arr = NODES.arrayNode();
        for (Object item : (List<?>) e.getValue()) {
          JsonNode v = scalar(f, item);
          if (v != null) arr.add(v);
        }
        value = arr;
      } else {
        value = scalar(f, e.getValue());
      }
      if (value != null) out.set(f.getName(), value);
    }
    return out;
  }

  private static JsonNode scalar(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case MESSAGE -> toJson((Message) v);
      case STRING -> ((String) v).isEmpty() ? null : NODES.stringNode((String) v);
      case BYTE_STRING -> NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case INT -> NODES.numberNode((Integer) v);
      case LONG -> NODES.numberNode((Long) v);
      case BOOLEAN -> NODES.booleanNode((Boolean) v);
      case FLOAT -> NODES.numberNode((Float) v);
      case DOUBLE -> NODES.numberNode((Double) v);
      case ENUM -> NODES.stringNode(v.toString());
    };
  }

  private static JsonNode time(Message m) {
    Object seconds = field(m, "seconds");
    Object nanos = field(m, "nanos");
    long s = seconds == null ? 0 : ((Number) seconds).longValue();
    int n = nanos == null ? 0 : ((Number) nanos).intValue();
    if (s == 0 && n == 0) return null;
    Instant t = Instant.ofEpochSecond(s, n);
    boolean micro = m.getDescriptorForType().getName().equals("MicroTime");
    return NODES.stringNode(micro
        ? DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC)
            .format(t.truncatedTo(ChronoUnit.MICROS))
        : ObjectMeta.timestamp(t));
  }

  private static Object field(Message m, String name) {
    FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
    return f == null || !m.hasField(f) ? null : m.getField(f);
  }
}
