package dev.klite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ComponentLogsTest {
  @TempDir Path dir;

  @Test
  void eachComponentsLinesGoToItsOwnFileUntilClosed() throws Exception {
    ComponentLogs logs = ComponentLogs.start(dir);
    assertThat(logs.files()).containsOnlyKeys("kube-apiserver", "kube-controller-manager", "kube-scheduler");
    LoggerFactory.getLogger("dev.klite.controller.job.JobController").info("synced job {}", "demo");
    LoggerFactory.getLogger("dev.klite.apiserver.http.ApiRouter").warn("slow request");
    logs.close();
    LoggerFactory.getLogger("dev.klite.controller.job.JobController").info("after close");

    String controllerManager = Files.readString(logs.files().get("kube-controller-manager"));
    assertThat(controllerManager).containsPattern("I\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} .* JobController\\] synced job demo")
        .doesNotContain("slow request").doesNotContain("after close");
    assertThat(Files.readString(logs.files().get("kube-apiserver"))).contains("ApiRouter] slow request")
        .doesNotContain("synced job");
  }
}
