package dev.klite.conformance.node;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.HookServer;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream test/e2e/common/node/lifecycle_hook.go: a hook calls the handler, which records the
 * call. The handler is a {@link HookServer} in the test JVM (klite pods share the host network).
 */
@EnableKlite
class ContainerLifecycleHookIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  KubernetesClient client;
  private HookServer handler;

  @BeforeEach
  void startHandler() {
    handler = new HookServer();
  }

  @AfterEach
  void stopHandler() {
    handler.close();
  }

  private LifecycleHandler execHook(String what) {
    return new LifecycleHandlerBuilder().withNewExec()
        .withCommand("sh", "-c", "wget -q -O- http://127.0.0.1:" + handler.port() + "/echo?msg=" + what).endExec().build();
  }

  private LifecycleHandler httpHook(String what) {
    return new LifecycleHandlerBuilder().withNewHttpGet().withHost("127.0.0.1").withPort(new IntOrString(handler.port()))
        .withPath("/echo?msg=" + what).endHttpGet().build();
  }

  private void createPodWithHooks(LifecycleHandler postStart, LifecycleHandler preStop) {
    Pod pod = new PodBuilder(TestPods.shell("pod-with-hook", "Always", "sleep 3600").build()).editSpec()
        .withTerminationGracePeriodSeconds(15L).editFirstContainer().withNewLifecycle()
        .withPostStart(postStart).withPreStop(preStop).endLifecycle().endContainer().endSpec().build();
    client.pods().resource(pod).create();
    TestPods.await(client, "pod-with-hook", WAIT, TestPods.phase("Running"));
  }

  @Test
  @Conformance("[sig-node] Container Lifecycle Hook when create a pod with lifecycle hook should execute poststart exec hook properly")
  void containerLifecycleHookWhenCreateAPodWithLifecycleHookShouldExecutePoststartExecHookProperly() throws Exception {
    createPodWithHooks(execHook("poststart"), null);
    handler.awaitRequest("/echo?msg=poststart", WAIT);
  }

  @Test
  @Conformance("[sig-node] Container Lifecycle Hook when create a pod with lifecycle hook should execute prestop exec hook properly")
  void containerLifecycleHookWhenCreateAPodWithLifecycleHookShouldExecutePrestopExecHookProperly() throws Exception {
    createPodWithHooks(null, execHook("prestop"));
    client.pods().withName("pod-with-hook").delete();
    handler.awaitRequest("/echo?msg=prestop", WAIT);
  }

  @Test
  @Conformance("[sig-node] Container Lifecycle Hook when create a pod with lifecycle hook should execute poststart http hook properly")
  void containerLifecycleHookWhenCreateAPodWithLifecycleHookShouldExecutePoststartHttpHookProperly() throws Exception {
    createPodWithHooks(httpHook("poststart"), null);
    handler.awaitRequest("/echo?msg=poststart", WAIT);
  }

  @Test
  @Conformance("[sig-node] Container Lifecycle Hook when create a pod with lifecycle hook should execute prestop http hook properly")
  void containerLifecycleHookWhenCreateAPodWithLifecycleHookShouldExecutePrestopHttpHookProperly() throws Exception {
    createPodWithHooks(null, httpHook("prestop"));
    client.pods().withName("pod-with-hook").delete();
    handler.awaitRequest("/echo?msg=prestop", WAIT);
  }

  @Test
  @Conformance("[sig-node] PreStop should call prestop when killing a pod")
  void prestopShouldCallPrestopWhenKillingAPod() throws Exception {
    createPodWithHooks(null, execHook("prestop-on-kill"));
    client.pods().withName("pod-with-hook").delete();
    handler.awaitRequest("/echo?msg=prestop-on-kill", WAIT);
  }
}
