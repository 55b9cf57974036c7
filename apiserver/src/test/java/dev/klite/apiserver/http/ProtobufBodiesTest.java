package dev.klite.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.klite.apiserver.errors.ApiException;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Batch;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ProtobufBodiesTest {
  private static byte[] envelope(String apiVersion, String kind, com.google.protobuf.Message object) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x6b, 0x38, 0x73, 0x00});
    Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(object.toByteString()).setContentEncoding("").setContentType("")
        .build().writeTo(out);
    return out.toByteArray();
  }

  @Test
  void decodesAConfigMapAsKubectlCreateSendsIt() throws Exception {
    V1.ConfigMap cm = V1.ConfigMap.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("settings").setNamespace("").setGenerateName("")
            .setCreationTimestamp(Meta.Time.newBuilder()).putLabels("app", "x"))
        .putData("a", "b").putBinaryData("bin", ByteString.copyFromUtf8("hi")).build();
    ObjectNode obj = ProtobufBodies.object(envelope("v1", "ConfigMap", cm), "v1", "ConfigMap");
    assertThat(obj.toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
        + "\"settings\",\"labels\":{\"app\":\"x\"}},\"data\":{\"a\":\"b\"},\"binaryData\":{\"bin\":\"aGk=\"}}");
  }

  @Test
  void decodesJobsWithQuantitiesAndPointerNumbers() throws Exception {
    V1.Container container = V1.Container.newBuilder().setName("main").setImage("busybox").addCommand("echo")
        .setResources(V1.ResourceRequirements.newBuilder()
            .putLimits("memory", Resource.Quantity.newBuilder().setString("64Mi").build()))
        .build();
    V1Batch.Job job = V1Batch.Job.newBuilder()
        .setMetadata(Meta.ObjectMeta.newBuilder().setName("once"))
        .setSpec(V1Batch.JobSpec.newBuilder().setBackoffLimit(0).setTemplate(V1.PodTemplateSpec.newBuilder()
            .setSpec(V1.PodSpec.newBuilder().setRestartPolicy("Never").addContainers(container))))
        .build();
    ObjectNode obj = ProtobufBodies.object(envelope("batch/v1", "Job", job), "batch/v1", "Job");
    assertThat(obj.path("spec").path("backoffLimit").asInt(-1)).isZero();
    ObjectNode c = (ObjectNode) obj.path("spec").path("template").path("spec").path("containers").get(0);
    assertThat(c.path("command").toString()).isEqualTo("[\"echo\"]");
    assertThat(c.path("resources").path("limits").path("memory").asString()).isEqualTo("64Mi");
  }

  @Test
  void decodesASelfSubjectAccessReviewAsKubectlAuthCanISendsIt() throws Exception {
    io.kubernetes.client.proto.V1Authorization.SelfSubjectAccessReview review =
        io.kubernetes.client.proto.V1Authorization.SelfSubjectAccessReview.newBuilder()
            .setMetadata(Meta.ObjectMeta.newBuilder())
            .setSpec(io.kubernetes.client.proto.V1Authorization.SelfSubjectAccessReviewSpec.newBuilder()
                .setResourceAttributes(io.kubernetes.client.proto.V1Authorization.ResourceAttributes.newBuilder()
                    .setVerb("delete").setResource("pods").setNamespace("default")))
            .build();
    ObjectNode obj = ProtobufBodies.object(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", review),
        "authorization.k8s.io/v1", "SelfSubjectAccessReview");
    assertThat(obj.path("kind").asString()).isEqualTo("SelfSubjectAccessReview");
    assertThat(obj.path("spec").path("resourceAttributes").path("verb").asString()).isEqualTo("delete");
    assertThat(obj.path("spec").path("resourceAttributes").path("resource").asString()).isEqualTo("pods");
  }

  @Test
  void rejectsBodiesWithoutTheMagic() {
    assertThatThrownBy(() -> ProtobufBodies.object(new byte[] {1, 2, 3, 4, 5}, "v1", "ConfigMap"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}
