package dev.klite.apiserver;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.serviceaccount.ServiceAccountOptions;
import dev.klite.apiserver.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link ApiServer} runs.
 *
 * @param dataDir root of the server's files: {@code store/} (RocksDB) and {@code pki/}
 * @param bindAddress the address to listen on (127.0.0.1 by default; anything else is explicit)
 * @param port the HTTPS port; 0 picks a free one
 * @param inMemoryStore keep objects in memory only (tests); the PKI is still under dataDir
 * @param resources the served resources; null = {@code BuiltinResources.all()}
 * @param compactionRetention history kept by the store's background compaction (RocksDB only)
 * @param kubeletClientToken the bearer token sent to kubelets for pods/log; null = the admin token
 * @param storeThreads size of the {@code kv-store} worker pool
 * @param watchSettings watch tuning (queue size, bookmark interval, slow-client budget)
 * @param serviceAccounts token issuer, API audiences, expiration extension and the
 *     ServiceAccount admission plugin
 */
public record ApiServerConfig(
    Path dataDir,
    String bindAddress,
    int port,
    boolean inMemoryStore,
    List<ResourceDefinition> resources,
    Duration compactionRetention,
    String kubeletClientToken,
    int storeThreads,
    WatchSettings watchSettings,
    ServiceAccountOptions serviceAccounts) {

  public ApiServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (storeThreads <= 0) throw new IllegalArgumentException("storeThreads must be positive");
    Objects.requireNonNull(compactionRetention, "compactionRetention");
    Objects.requireNonNull(watchSettings, "watchSettings");
    Objects.requireNonNull(serviceAccounts, "serviceAccounts");
    if (resources != null) resources = List.copyOf(resources);
  }

  /** 127.0.0.1:6443, RocksDB under {@code dataDir/store}, 5 minutes of history. */
  public static ApiServerConfig defaults(Path dataDir) {
    return new ApiServerConfig(dataDir, "127.0.0.1", 6443, false, null, Duration.ofMinutes(5), null, 16,
        WatchSettings.defaults(), ServiceAccountOptions.defaults());
  }

  public ApiServerConfig withPort(int newPort) {
    return new ApiServerConfig(dataDir, bindAddress, newPort, inMemoryStore, resources, compactionRetention,
        kubeletClientToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withBindAddress(String newBindAddress) {
    return new ApiServerConfig(dataDir, newBindAddress, port, inMemoryStore, resources, compactionRetention,
        kubeletClientToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withInMemoryStore(boolean newInMemoryStore) {
    return new ApiServerConfig(dataDir, bindAddress, port, newInMemoryStore, resources, compactionRetention,
        kubeletClientToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withResources(List<ResourceDefinition> newResources) {
    return new ApiServerConfig(dataDir, bindAddress, port, inMemoryStore, newResources, compactionRetention,
        kubeletClientToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withCompactionRetention(Duration newRetention) {
    return new ApiServerConfig(dataDir, bindAddress, port, inMemoryStore, resources, newRetention,
        kubeletClientToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withKubeletClientToken(String newToken) {
    return new ApiServerConfig(dataDir, bindAddress, port, inMemoryStore, resources, compactionRetention,
        newToken, storeThreads, watchSettings, serviceAccounts);
  }

  public ApiServerConfig withWatchSettings(WatchSettings newSettings) {
    return new ApiServerConfig(dataDir, bindAddress, port, inMemoryStore, resources, compactionRetention,
        kubeletClientToken, storeThreads, newSettings, serviceAccounts);
  }

  public ApiServerConfig withServiceAccounts(ServiceAccountOptions newOptions) {
    return new ApiServerConfig(dataDir, bindAddress, port, inMemoryStore, resources, compactionRetention,
        kubeletClientToken, storeThreads, watchSettings, newOptions);
  }

  /** Turns the ServiceAccount admission plugin on or off ({@code --disable-admission-plugins=ServiceAccount}). */
  public ApiServerConfig withServiceAccountAdmission(boolean enabled) {
    return withServiceAccounts(serviceAccounts.withAdmission(enabled));
  }
}
