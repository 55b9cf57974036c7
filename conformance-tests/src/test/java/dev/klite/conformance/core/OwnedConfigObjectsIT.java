package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * ConfigMaps and Secrets owned by a Job go with it, promptly, like pods do: the collector keeps no cache of these
 * types (it lists their metadata), so this checks that the deletion of an owner makes it look at them at once rather
 * than at its next periodic relist (30 s).
 */
@EnableKlite
class OwnedConfigObjectsIT {
  private static final Duration PROMPTLY = Duration.ofSeconds(15);
  KubernetesClient client;

  private Job suspendedJob(String name) {
    return client.batch().v1().jobs().resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSuspend(true).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").withCommand("true").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  private static OwnerReference ownerRef(Job job, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid()).withBlockOwnerDeletion(block).build();
  }

  @Test
  void backgroundDeletionOfAJobDeletesTheConfigMapsAndSecretsItOwns() {
    Job job = suspendedJob("owner-bg");
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("owned-cm")
        .withOwnerReferences(ownerRef(job, false)).endMetadata().addToData("k", "v").build()).create();
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("owned-secret")
        .withOwnerReferences(ownerRef(job, false)).endMetadata().addToStringData("k", "v").build()).create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("unowned-cm").endMetadata()
        .addToData("k", "v").build()).create();

    client.batch().v1().jobs().withName("owner-bg").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

    await().atMost(PROMPTLY).untilAsserted(() -> {
      assertThat(client.configMaps().withName("owned-cm").get()).isNull();
      assertThat(client.secrets().withName("owned-secret").get()).isNull();
    });
    assertThat(client.configMaps().withName("unowned-cm").get()).isNotNull();
  }

  @Test
  void foregroundDeletionOfAJobWaitsForTheConfigMapThatBlocksIt() {
    Job job = suspendedJob("owner-fg");
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("blocking-cm")
        .withOwnerReferences(ownerRef(job, true)).endMetadata().addToData("k", "v").build()).create();

    client.batch().v1().jobs().withName("owner-fg").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

    await().atMost(PROMPTLY).untilAsserted(() -> {
      assertThat(client.configMaps().withName("blocking-cm").get()).isNull();
      assertThat(client.batch().v1().jobs().withName("owner-fg").get()).isNull();
    });
  }
}
