package dev.klite.apiserver;

import java.nio.file.Path;

/** Server configurations of this module's tests. */
final class TestConfigs {
  private TestConfigs() {}

  /**
   * {@link ApiServerConfig#defaults} without the ServiceAccount admission plugin: these tests run
   * no controller manager, so no {@code default} ServiceAccount ever appears in their namespaces
   * (upstream's envtest runs its API server the same way). The plugin's own tests turn it on.
   */
  static ApiServerConfig defaults(Path dir) {
    return ApiServerConfig.defaults(dir).withServiceAccountAdmission(false);
  }
}
