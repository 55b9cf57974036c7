package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvBuilderTest {
  private final Map<String, ConfigMap> configMaps = Map.of("cm", new ConfigMapBuilder().withNewMetadata()
      .withName("cm").endMetadata().addToData("A", "from-cm").addToData("B", "b").build());
  private final Map<String, Secret> secrets = Map.of("sec", new SecretBuilder().withNewMetadata().withName("sec")
      .endMetadata().addToData("password", Base64.getEncoder().encodeToString("hunter2".getBytes())).build());
  private final EnvBuilder builder = new EnvBuilder(new ConfigSource() {
    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return Optional.ofNullable(configMaps.get(name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return Optional.ofNullable(secrets.get(name));
    }
  }, "10.0.0.9");
  private final Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u-1")
      .addToAnnotations("team", "core").endMetadata()
      .withNewSpec().withNodeName("n1").withServiceAccountName("sa").endSpec().build();

  @Test
  void envFromComesFirstWithItsPrefixAndEnvOverridesIt() throws Exception {
    Container c = new ContainerBuilder().withName("c")
        .addNewEnvFrom().withPrefix("CM_").withNewConfigMapRef("cm", false).endEnvFrom()
        .addNewEnvFrom().withNewSecretRef("sec", false).endEnvFrom()
        .addNewEnv().withName("CM_A").withValue("overridden $(CM_B)").endEnv()
        .build();
    assertThat(builder.build(pod, c, Map.of())).containsExactly(Map.entry("CM_A", "overridden b"),
        Map.entry("CM_B", "b"), Map.entry("password", "hunter2"));
  }

  @Test
  void resolvesDownwardApiSecretAndResourceFields() throws Exception {
    Container c = new ContainerBuilder().withName("c")
        .withNewResources().addToLimits("memory", new Quantity("64Mi")).endResources()
        .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef()
        .endValueFrom().endEnv()
        .addNewEnv().withName("SA").withNewValueFrom().withNewFieldRef().withFieldPath("spec.serviceAccountName")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("TEAM").withNewValueFrom().withNewFieldRef()
        .withFieldPath("metadata.annotations['team']").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("UID").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.uid").endFieldRef()
        .endValueFrom().endEnv()
        .addNewEnv().withName("HOST").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("PW").withNewValueFrom().withNewSecretKeyRef("password", "sec", false).endValueFrom()
        .endEnv()
        .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
        .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("CPUS").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu")
        .endResourceFieldRef().endValueFrom().endEnv()
        .build();
    assertThat(builder.build(pod, c, Map.of("cpu", "4"))).containsEntry("NODE", "n1").containsEntry("SA", "sa")
        .containsEntry("TEAM", "core").containsEntry("UID", "u-1").containsEntry("HOST", "10.0.0.9")
        .containsEntry("PW", "hunter2").containsEntry("MEM_MI", "64").containsEntry("CPUS", "4");
  }

  @Test
  void reportsMissingKeysWithTheKubeletsMessages() {
    Container missingKey = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
        .withNewConfigMapKeyRef("nope", "cm", false).endValueFrom().endEnv().build();
    assertThatThrownBy(() -> builder.build(pod, missingKey, Map.of())).hasMessage("couldn't find key nope in ConfigMap ns/cm");
    Container missingSecret = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
        .withNewSecretKeyRef("k", "absent", false).endValueFrom().endEnv().build();
    assertThatThrownBy(() -> builder.build(pod, missingSecret, Map.of())).hasMessage("secret \"absent\" not found");
    Container optional = new ContainerBuilder().withName("c").addNewEnvFrom().withNewConfigMapRef("absent", true)
        .endEnvFrom().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef("k", "absent", true)
        .endValueFrom().endEnv().build();
    assertThat(catching(() -> builder.build(pod, optional, Map.of()))).isEmpty();
  }

  private static Map<String, String> catching(ThrowingSupplier s) {
    try {
      return s.get();
    } catch (EnvBuilder.EnvException e) {
      throw new AssertionError(e);
    }
  }

  private interface ThrowingSupplier {
    Map<String, String> get() throws EnvBuilder.EnvException;
  }
}
