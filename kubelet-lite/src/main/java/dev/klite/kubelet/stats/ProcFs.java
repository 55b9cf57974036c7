package dev.klite.kubelet.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads CPU and memory counters from procfs, for when no cgroup accounts a container (cAdvisor reads cgroups; a
 * container here is a process tree that may have no cgroup of its own). Times are in USER_HZ ticks, which is 100 on
 * every Linux ABI the JVM runs on ({@code sysconf(_SC_CLK_TCK)}). Parsers are pure; readers do blocking file I/O.
 */
final class ProcFs {
  static final long NANOS_PER_TICK = 10_000_000L;
  private static final Path PROC = Path.of("/proc");

  /** Cumulative CPU time and resident memory of a set of processes. */
  record Usage(long cpuNanos, long rssBytes) {
    Usage plus(Usage o) {
      return new Usage(cpuNanos + o.cpuNanos, rssBytes + o.rssBytes);
    }
  }

  /** The node's counters: busy CPU time since boot, boot time, memory (bytes) from /proc/meminfo. */
  record Node(long cpuNanos, long bootEpochSecond, long memTotal, long memFree, long memAvailable) {}

  private ProcFs() {}

  /** CPU (utime+stime of the living, cutime+cstime of reaped children) and VmRSS of {@code pid} and descendants. */
  static Usage tree(long pid) {
    Usage total = new Usage(0, 0);
    var root = ProcessHandle.of(pid);
    if (root.isEmpty()) {
      return total;
    }
    for (long p : Stream.concat(Stream.of(root.get()), root.get().descendants()).mapToLong(ProcessHandle::pid)
        .toArray()) {
      try {
        long cpu = statCpuTicks(Files.readString(PROC.resolve(Long.toString(p)).resolve("stat"))) * NANOS_PER_TICK;
        long rss = statusRss(Files.readString(PROC.resolve(Long.toString(p)).resolve("status")));
        total = total.plus(new Usage(cpu, rss));
      } catch (IOException | RuntimeException e) {
        // The process exited between listing and reading: it no longer counts.
      }
    }
    return total;
  }

  static Node node() throws IOException {
    String stat = Files.readString(PROC.resolve("stat"));
    return parseNode(stat, Files.readString(PROC.resolve("meminfo")));
  }

  /** utime + stime + cutime + cstime (fields 14-17) of a {@code /proc/<pid>/stat} line; comm may hold spaces. */
  static long statCpuTicks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state): field n is f[n - 3].
    return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /** VmRSS of a {@code /proc/<pid>/status} in bytes (0 for kernel threads and zombies, which have none). */
  static long statusRss(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return kib(line);
      }
    }
    return 0;
  }

  static Node parseNode(String stat, String meminfo) {
    long busy = 0;
    long btime = 0;
    for (String line : stat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        // user nice system idle iowait irq softirq steal (guest time is already in user/nice).
        for (int i = 1; i < f.length && i <= 8; i++) {
          if (i != 4 && i != 5) {
            busy += Long.parseLong(f[i]);
          }
        }
      } else if (line.startsWith("btime ")) {
        btime = Long.parseLong(line.substring(6).trim());
      }
    }
    long total = 0;
    long free = 0;
    long available = -1;
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        total = kib(line);
      } else if (line.startsWith("MemFree:")) {
        free = kib(line);
      } else if (line.startsWith("MemAvailable:")) {
        available = kib(line);
      }
    }
    return new Node(busy * NANOS_PER_TICK, btime, total, free, available < 0 ? free : available);
  }

  private static long kib(String line) {
    String[] f = line.trim().split("\\s+");
    return Long.parseLong(f[1]) * 1024;
  }
}
