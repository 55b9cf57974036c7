package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets (pkg/registry/core/secret/strategy.go): {@code stringData} folded into base64
 * {@code data} and type {@code Opaque} by default (as upstream's conversion and defaulting do),
 * non-base64 {@code data} rejected as the decoder rejects it (400), key syntax, required keys of
 * the typed secrets, type and {@code immutable} locks on update.
 */
public final class SecretStrategy extends BasicStrategy {
  public SecretStrategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  /** Decode-time behaviour: base64 check, stringData merge, type default. */
  static void decode(ObjectNode secret) {
    ObjectNode data = Fields.object(secret, "data");
    if (data != null) {
      for (Map.Entry<String, String> e : Fields.stringMap(secret, "data").entrySet()) {
        int bad = firstBadBase64Byte(e.getValue());
        if (bad >= 0) {
          throw ApiException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: "
              + "illegal base64 data at input byte " + bad);
        }
      }
    }
    Map<String, String> stringData = Fields.stringMap(secret, "stringData");
    if (!stringData.isEmpty()) {
      ObjectNode target = Fields.ensureObject(secret, "data");
      stringData.forEach((k, v) ->
          target.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    }
    secret.remove("stringData");
    Fields.setIfAbsent(secret, "type", "Opaque");
  }

  /**
   * The offset Go's strict base64 decoder reports for malformed input (the first byte outside
   * the alphabet, or the end for a bad length/padding), or -1 when it decodes.
   */
  static int firstBadBase64Byte(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') end--;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
          || c == '\r' || c == '\n';
      if (!ok) return i;
    }
    String compact = s.replace("\r", "").replace("\n", "");
    if (compact.length() % 4 != 0 || s.length() - end > 2) return s.length();
    return -1;
  }

  @Override
  public void prepareForCreate(ObjectNode secret) {
    decode(secret);
  }

  @Override
  public void prepareForUpdate(ObjectNode secret, ObjectNode old) {
    decode(secret);
  }

  @Override
  public List<StatusCause> validate(ObjectNode secret) {
    List<StatusCause> causes = super.validate(secret);
    DataMaps.keys(secret, "data", causes);
    String type = Fields.string(secret, "type", "");
    Map<String, String> data = Fields.stringMap(secret, "data");
    List<String> required = switch (type) {
      case "kubernetes.io/tls" -> List.of("tls.crt", "tls.key");
      case "kubernetes.io/dockerconfigjson" -> List.of(".dockerconfigjson");
      case "kubernetes.io/dockercfg" -> List.of(".dockercfg");
      case "kubernetes.io/ssh-auth" -> List.of("ssh-privatekey");
      default -> List.of();
    };
    for (String key : required) {
      if (!data.containsKey(key)) causes.add(StatusCause.required("data[" + key + "]"));
    }
    if (type.equals("kubernetes.io/service-account-token")
        && !Fields.stringMap(secret, "metadata.annotations").containsKey("kubernetes.io/service-account.name")) {
      causes.add(StatusCause.required("metadata.annotations[kubernetes.io/service-account.name]"));
    }
    long size = 0;
    for (Map.Entry<String, String> e : data.entrySet()) size += e.getKey().length() + e.getValue().length() * 3L / 4;
    if (size > ConfigMapStrategy.MAX_SIZE) {
      causes.add(new StatusCause("FieldValueTooLong",
          "Too long: may not be more than " + ConfigMapStrategy.MAX_SIZE + " bytes", "data"));
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode secret, ObjectNode old) {
    List<StatusCause> causes = validate(secret);
    if (!Fields.sameAt(secret, old, "type")) causes.add(Causes.immutable("type", Fields.string(secret, "type", "")));
    DataMaps.immutable(secret, old, List.of("data"), causes);
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}
