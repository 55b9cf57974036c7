package dev.klite.kubelet.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where container cgroups are created and how limits are written, for cgroup v1 (a hierarchy per controller) and v2
 * (one unified hierarchy). Cgroups nest under the kubelet's own cgroup of each hierarchy, so that whatever confines
 * the kubelet also confines its pods. Limits follow {@code pkg/kubelet/cm/cgroup_manager_linux.go} and
 * {@code pkg/kubelet/cm/helpers_linux.go}: memory limit in bytes with no swap, CFS quota {@code milliCPU * period /
 * 1000} over a 100 ms period (minimum 1 ms), and on v2 {@code memory.oom.group=1} (v1.32 kills the whole container
 * on OOM unless singleProcessOOMKill is set). Blocking file I/O.
 */
public final class Cgroups {
  static final long CFS_PERIOD_US = 100_000;
  static final long MIN_QUOTA_US = 1_000;
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final boolean v2;
  /** v1: controller name → kubelet's cgroup directory in that hierarchy; v2: "" → the unified directory. */
  private final Map<String, Path> bases;

  Cgroups(boolean v2, Map<String, Path> bases) {
    this.v2 = v2;
    this.bases = Map.copyOf(bases);
  }

  /** Detects the hierarchy; empty with {@code whyNot} filled when cgroups cannot be used. */
  public static Optional<Cgroups> detect(StringBuilder whyNot) {
    String self;
    try {
      self = Files.readString(Path.of("/proc/self/cgroup"));
    } catch (IOException e) {
      whyNot.append("cannot read /proc/self/cgroup: ").append(e.getMessage());
      return Optional.empty();
    }
    Map<String, Path> bases = new LinkedHashMap<>();
    boolean v2 = Files.exists(ROOT.resolve("cgroup.controllers"));
    for (String line : self.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length != 3) {
        continue;
      }
      String rel = f[2].startsWith("/") ? f[2].substring(1) : f[2];
      if (v2 && f[0].equals("0")) {
        bases.put("", ROOT.resolve(rel));
      } else if (!v2) {
        for (String c : f[1].split(",")) {
          if (c.equals("memory") || c.equals("cpu")) {
            bases.put(c, ROOT.resolve(c).resolve(rel));
          }
        }
      }
    }
    if (v2 ? !bases.containsKey("") : !(bases.containsKey("memory") && bases.containsKey("cpu"))) {
      whyNot.append("no cgroup ").append(v2 ? "v2" : "v1 memory and cpu").append(" hierarchy found for the kubelet");
      return Optional.empty();
    }
    List<Map<String, Path>> candidates = new ArrayList<>(List.of(bases));
    if (v2 && !bases.get("").equals(ROOT)) {
      // cgroup v2's "no internal processes" rule: the kubelet's own cgroup holds the JVM, so enabling controllers
      // for its children can fail (EBUSY); then pod cgroups go directly under the root, as upstream's /kubepods.
      candidates.add(Map.of("", ROOT));
    }
    IOException last = null;
    for (Map<String, Path> candidate : candidates) {
      Cgroups c = new Cgroups(v2, candidate);
      try {
        if (v2) {
          Files.writeString(candidate.get("").resolve("cgroup.subtree_control"), "+memory +cpu");
        }
        String probe = "klite-probe-" + ProcessHandle.current().pid();
        c.create(probe, null, null);
        c.remove(probe);
        return Optional.of(c);
      } catch (IOException e) {
        last = e;
      }
    }
    whyNot.append("cannot create cgroups under ").append(bases.values()).append(": ")
        .append(last == null ? "" : last.getMessage());
    return Optional.empty();
  }

  public boolean isV2() {
    return v2;
  }

  /**
   * Creates the cgroup {@code name} in every hierarchy and writes the limits (null = unlimited). Returns a handle
   * whose first directory is the memory one.
   */
  public Path create(String name, Long memoryBytes, Long milliCpu) throws IOException {
    List<Path> dirs = dirs(name);
    for (Path d : dirs) {
      Files.createDirectories(d);
    }
    if (v2) {
      Path d = dirs.get(0);
      if (memoryBytes != null) {
        write(d, "memory.max", Long.toString(memoryBytes));
        writeIfPresent(d, "memory.swap.max", "0");
        writeIfPresent(d, "memory.oom.group", "1");
      }
      if (milliCpu != null) {
        write(d, "cpu.max", quota(milliCpu) + " " + CFS_PERIOD_US);
      }
    } else {
      Path mem = bases.get("memory").resolve(name);
      Path cpu = bases.get("cpu").resolve(name);
      if (memoryBytes != null) {
        write(mem, "memory.limit_in_bytes", Long.toString(memoryBytes));
        // Without this the kernel swaps instead of OOM-killing where swap exists.
        writeIfPresent(mem, "memory.memsw.limit_in_bytes", Long.toString(memoryBytes));
        writeIfPresent(mem, "memory.swappiness", "0");
      }
      if (milliCpu != null) {
        write(cpu, "cpu.cfs_period_us", Long.toString(CFS_PERIOD_US));
        write(cpu, "cpu.cfs_quota_us", Long.toString(quota(milliCpu)));
      }
    }
    return dirs.get(0);
  }

  /** The directories of cgroup {@code name} whose {@code cgroup.procs} a container process must join. */
  public List<Path> dirs(String name) {
    List<Path> out = new ArrayList<>();
    if (v2) {
      out.add(bases.get("").resolve(name));
    } else {
      out.add(bases.get("memory").resolve(name));
      out.add(bases.get("cpu").resolve(name));
    }
    return out;
  }

  /** Whether the kernel OOM-killed a process of cgroup {@code name} (v1 memory.oom_control, v2 memory.events). */
  public boolean oomKilled(String name) {
    Path mem = dirs(name).get(0);
    String file = v2 ? "memory.events" : "memory.oom_control";
    try {
      for (String line : Files.readAllLines(mem.resolve(file))) {
        String[] kv = line.trim().split("\\s+");
        if (kv.length == 2 && (kv[0].equals("oom_kill") || kv[0].equals("oom_group_kill"))
            && Long.parseLong(kv[1]) > 0) {
          return true;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }

  /** Removes cgroup {@code name} everywhere; its processes must be gone. Missing directories are fine. */
  public void remove(String name) throws IOException {
    IOException last = null;
    for (Path d : dirs(name)) {
      try {
        remove(d);
      } catch (IOException e) {
        last = e;
      }
    }
    if (last != null) {
      throw last;
    }
  }

  private void remove(Path dir) throws IOException {
    // rmdir of a cgroup can fail with EBUSY for a moment after its last process was reaped.
    for (int i = 0; ; i++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        if (i >= 50) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
    }
  }

  static long quota(long milliCpu) {
    return Math.max(MIN_QUOTA_US, milliCpu * CFS_PERIOD_US / 1000);
  }

  private static void write(Path dir, String file, String value) throws IOException {
    Files.writeString(dir.resolve(file), value);
  }

  private static void writeIfPresent(Path dir, String file, String value) throws IOException {
    if (Files.exists(dir.resolve(file))) {
      write(dir, file, value);
    }
  }
}
