package dev.klite.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class StatsCollectorTest {
  private Process busy;

  @AfterEach
  void kill() throws Exception {
    if (busy != null) {
      busy.destroyForcibly().waitFor();
    }
  }

  @Test
  void parsesProcStatFieldsAfterACommandWithSpacesAndParens() {
    String stat = "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 100 0 0 0 7 3 2 1 20 0 1 0 55 1000 200";
    assertThat(ProcFs.statCpuTicks(stat)).isEqualTo(13);
    assertThat(ProcFs.statusRss("Name:\tx\nVmRSS:\t    2048 kB\nThreads: 1\n")).isEqualTo(2048 * 1024);
  }

  @Test
  void parsesNodeCountersFromProcStatAndMeminfo() {
    ProcFs.Node n = ProcFs.parseNode("cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\nbtime 1700000000\n",
        "MemTotal:       8000 kB\nMemFree:        1000 kB\nMemAvailable:   3000 kB\n");
    assertThat(n.cpuNanos()).isEqualTo((100 + 5 + 50 + 3 + 2 + 1) * ProcFs.NANOS_PER_TICK);
    assertThat(n.bootEpochSecond()).isEqualTo(1700000000L);
    assertThat(n.memTotal()).isEqualTo(8000 * 1024);
    assertThat(n.memAvailable()).isEqualTo(3000 * 1024);
  }

  @Test
  void reportsNodePodAndContainerCpuAndMemoryInTheSummaryShape() throws Exception {
    busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    Instant started = Instant.now();
    StatsSource source = () -> List.of(new StatsSource.Pod("spin", "default", "u-1", started,
        List.of(new StatsSource.Container("main", "c1", busy.pid(), started, 64L * 1024 * 1024))));
    StatsCollector collector = new StatsCollector("node-a", source, Clock.systemUTC());
    collector.sample();
    JsonObject first = new JsonObject(collector.summaryJson());
    JsonObject firstCpu = first.getJsonArray("pods").getJsonObject(0).getJsonArray("containers").getJsonObject(0)
        .getJsonObject("cpu");
    assertThat(firstCpu.containsKey("usageNanoCores")).as("no rate from one sample").isFalse();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      collector.sample();
      JsonObject s = new JsonObject(collector.summaryJson());
      JsonObject container = s.getJsonArray("pods").getJsonObject(0).getJsonArray("containers").getJsonObject(0);
      assertThat(container.getJsonObject("cpu").getLong("usageCoreNanoSeconds")).isPositive();
      assertThat(container.getJsonObject("cpu").getLong("usageNanoCores")).isGreaterThan(100_000_000L);
    });
    JsonObject s = new JsonObject(collector.summaryJson());
    JsonObject node = s.getJsonObject("node");
    assertThat(node.getString("nodeName")).isEqualTo("node-a");
    assertThat(node.getJsonObject("cpu").getLong("usageCoreNanoSeconds")).isPositive();
    assertThat(node.getJsonObject("memory").fieldNames()).contains("time", "workingSetBytes", "usageBytes",
        "availableBytes");
    JsonObject pod = s.getJsonArray("pods").getJsonObject(0);
    assertThat(pod.getJsonObject("podRef").getMap()).containsEntry("name", "spin").containsEntry("namespace", "default")
        .containsEntry("uid", "u-1");
    JsonObject container = pod.getJsonArray("containers").getJsonObject(0);
    assertThat(container.getString("name")).isEqualTo("main");
    long workingSet = container.getJsonObject("memory").getLong("workingSetBytes");
    assertThat(workingSet).isPositive();
    assertThat(container.getJsonObject("memory").getLong("availableBytes")).isEqualTo(64L * 1024 * 1024 - workingSet);
    assertThat(pod.getJsonObject("memory").getLong("workingSetBytes")).isEqualTo(workingSet);
    assertThat(pod.getJsonObject("cpu").getLong("usageNanoCores")).isPositive();
  }
}
