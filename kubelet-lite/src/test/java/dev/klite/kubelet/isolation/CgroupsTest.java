package dev.klite.kubelet.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Limits as the kubelet writes them; the cgroupfs part needs root and is skipped with the reason otherwise. */
@EnabledOnOs(OS.LINUX)
class CgroupsTest {

  @Test
  void cpuLimitsBecomeACfsQuotaOverA100msPeriodWithA1msMinimum() {
    assertThat(Cgroups.quota(500)).isEqualTo(50_000);
    assertThat(Cgroups.quota(2000)).isEqualTo(200_000);
    assertThat(Cgroups.quota(1)).isEqualTo(1_000);
  }

  @Test
  void createsACgroupWithItsLimitsAndRemovesIt() throws Exception {
    StringBuilder why = new StringBuilder();
    Optional<Cgroups> cg = HostCapabilities.isRoot() ? Cgroups.detect(why) : Optional.empty();
    Assumptions.assumeTrue(cg.isPresent(), () -> "cgroups unavailable: " + (why.length() > 0 ? why : "not root"));
    String name = "klite-test-" + ProcessHandle.current().pid();
    try {
      cg.get().create(name, 64L * 1024 * 1024, 250L);
      Path mem = cg.get().dirs(name).get(0);
      if (cg.get().isV2()) {
        assertThat(Files.readString(mem.resolve("memory.max")).strip()).isEqualTo("67108864");
        assertThat(Files.readString(mem.resolve("cpu.max")).strip()).isEqualTo("25000 100000");
      } else {
        assertThat(Files.readString(mem.resolve("memory.limit_in_bytes")).strip()).isEqualTo("67108864");
        Path cpu = cg.get().dirs(name).get(1);
        assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip()).isEqualTo("25000");
      }
      assertThat(cg.get().oomKilled(name)).isFalse();
    } finally {
      cg.get().remove(name);
    }
    assertThat(cg.get().dirs(name)).allSatisfy(d -> assertThat(d).doesNotExist());
  }

  /**
   * cgroup v2 (this CI machine has v1): the files a v2 kubelet writes and reads, laid out in a directory as the
   * unified hierarchy lays them out. The interface files exist in a real cgroup as soon as it is created; here the
   * optional ones are created first so that the writes that need them are seen.
   */
  @Test
  void onCgroupV2LimitsGoToMemoryMaxAndCpuMaxAndTheKillGroupIsSetAndAnOomKillIsReadFromMemoryEvents(
      @org.junit.jupiter.api.io.TempDir Path unified) throws Exception {
    Cgroups cg = new Cgroups(true, java.util.Map.of("", unified));
    Path dir = unified.resolve("klite-c1");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("memory.oom.group"), "0");
    Files.writeString(dir.resolve("memory.swap.max"), "max");
    assertThat(cg.create("klite-c1", 64L * 1024 * 1024, 250L)).isEqualTo(dir);
    assertThat(Files.readString(dir.resolve("memory.max")).strip()).isEqualTo("67108864");
    assertThat(Files.readString(dir.resolve("memory.swap.max")).strip()).isEqualTo("0");
    assertThat(Files.readString(dir.resolve("memory.oom.group")).strip()).isEqualTo("1");
    assertThat(Files.readString(dir.resolve("cpu.max")).strip()).isEqualTo("25000 100000");
    assertThat(cg.dirs("klite-c1")).containsExactly(dir);

    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\noom_group_kill 0\n");
    assertThat(cg.oomKilled("klite-c1")).isFalse();
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\noom_group_kill 1\n");
    assertThat(cg.oomKilled("klite-c1")).isTrue();
  }
}
