package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/expansion.go. */
@EnableKlite
class VariableExpansionIT {
  KubernetesClient client;

  private String run(List<String> command, List<String> args, EnvVar... env) {
    Pod pod = new PodBuilder().withNewMetadata().withName("var-expansion").endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("dapi-container").withImage(TestPods.IMAGE)
        .withCommand(command).withArgs(args).withEnv(env).endContainer().endSpec().build();
    client.pods().resource(pod).create();
    Pod done = TestPods.await(client, "var-expansion", Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, "var-expansion");
    assertThat(done.getStatus().getPhase()).as("log:\n%s", log).isEqualTo("Succeeded");
    return log;
  }

  @Test
  @Conformance("[sig-node] Variable Expansion should allow composing env vars into new env vars")
  void variableExpansionShouldAllowComposingEnvVarsIntoNewEnvVars() {
    String log = run(List.of("sh", "-c", "env"), List.of(),
        new EnvVar("FOO", "foo-value", null), new EnvVar("BAR", "bar-value", null),
        new EnvVar("FOOBAR", "$(FOO);;$(BAR)", null));
    assertThat(log).contains("FOO=foo-value", "BAR=bar-value", "FOOBAR=foo-value;;bar-value");
  }

  @Test
  @Conformance("[sig-node] Variable Expansion should allow substituting values in a container's command")
  void variableExpansionShouldAllowSubstitutingValuesInAContainerSCommand() {
    String log = run(List.of("sh", "-c", "TEST_VAR=wrong echo \"$(TEST_VAR)\""), List.of(), new EnvVar("TEST_VAR", "test-value", null));
    assertThat(log).isEqualTo("test-value\n");
  }

  @Test
  @Conformance("[sig-node] Variable Expansion should allow substituting values in a container's args")
  void variableExpansionShouldAllowSubstitutingValuesInAContainerSArgs() {
    String log = run(List.of("sh", "-c"), List.of("TEST_VAR=wrong echo \"$(TEST_VAR)\""), new EnvVar("TEST_VAR", "test-value", null));
    assertThat(log).isEqualTo("test-value\n");
  }
}
