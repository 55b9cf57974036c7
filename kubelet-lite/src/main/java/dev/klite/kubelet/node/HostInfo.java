package dev.klite.kubelet.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts about the host for the Node object, read from {@code /proc}, {@code /etc} and {@code /sys} as cAdvisor and
 * the kubelet's node status setters ({@code pkg/kubelet/nodestatus/setters.go}) do. Blocking file I/O; values that
 * cannot be read are empty strings.
 */
public record HostInfo(int cpus, long memoryKi, long ephemeralStorageKi, String osImage, String kernelVersion,
    String machineID, String systemUUID, String bootID, String architecture, String hostname) {

  private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB");
  private static final Pattern PRETTY_NAME = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?");

  public static HostInfo read(Path rootDir) {
    long memKi = readFile(Path.of("/proc/meminfo")).map(s -> {
      Matcher m = MEM_TOTAL.matcher(s);
      return m.find() ? Long.parseLong(m.group(1)) : 0L;
    }).orElse(0L);
    long storageKi;
    try {
      Files.createDirectories(rootDir);
      storageKi = Files.getFileStore(rootDir).getTotalSpace() / 1024;
    } catch (IOException e) {
      storageKi = 0;
    }
    String osImage = readFile(Path.of("/etc/os-release")).map(s -> {
      Matcher m = PRETTY_NAME.matcher(s);
      return m.find() ? m.group(1) : "";
    }).orElse("");
    String hostname = readFile(Path.of("/proc/sys/kernel/hostname")).orElseGet(HostInfo::javaHostname);
    return new HostInfo(Runtime.getRuntime().availableProcessors(), memKi, storageKi, osImage,
        readFile(Path.of("/proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version", "")),
        readFile(Path.of("/etc/machine-id")).orElse(""),
        readFile(Path.of("/sys/class/dmi/id/product_uuid")).orElse(""),
        readFile(Path.of("/proc/sys/kernel/random/boot_id")).orElse(""),
        goArch(System.getProperty("os.arch", "")), hostname);
  }

  /** Go's GOARCH names for the JVM's os.arch values. */
  static String goArch(String osArch) {
    switch (osArch) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
      case "arm64":
        return "arm64";
      case "ppc64le":
        return "ppc64le";
      case "s390x":
        return "s390x";
      default:
        return osArch;
    }
  }

  private static Optional<String> readFile(Path p) {
    try {
      return Optional.of(Files.readString(p).trim());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static String javaHostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
