package dev.klite.apiserver.discovery;

import dev.klite.apiserver.object.Json;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /version} document (staging/src/k8s.io/apimachinery/pkg/version/types.go Info).
 * {@code minor} must be exactly "32": kubectl's dispatcher picks the kubectl it runs from it.
 */
public final class VersionInfo {
  private VersionInfo() {}

  public static final String GIT_VERSION = "v1.32.4-klite";

  public static ObjectNode document() {
    ObjectNode v = Json.object();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", GIT_VERSION);
    v.put("gitCommit", "59526cd4867447956156ae3a602fcbac10a2c335");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-04-22T16:03:30Z");
    v.put("goVersion", "go1.23.8");
    v.put("compiler", "gc");
    v.put("platform", platform());
    return v;
  }

  /** Go's GOOS/GOARCH spelling of the JVM's platform. */
  static String platform() {
    String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    String goos = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
    String goarch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return goos + "/" + goarch;
  }
}
