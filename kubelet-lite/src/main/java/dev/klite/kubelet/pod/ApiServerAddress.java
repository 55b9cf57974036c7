package dev.klite.kubelet.pod;

import java.net.URL;
import java.util.Objects;

/**
 * Where the kubelet itself reaches the API server (the host and port of its client's master URL, from its
 * kubeconfig), given to containers as the {@code kubernetes} Service's address (see {@link ServiceEnv}).
 *
 * @param host an IP address (IPv6 without brackets) or a host name
 */
public record ApiServerAddress(String host, int port) {
  public ApiServerAddress {
    Objects.requireNonNull(host, "host");
  }

  /** From a master URL such as {@code https://127.0.0.1:6443/}; the scheme's default port when it names none. */
  public static ApiServerAddress of(URL masterUrl) {
    String host = masterUrl.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = masterUrl.getPort() == -1 ? masterUrl.getDefaultPort() : masterUrl.getPort();
    return new ApiServerAddress(host, port);
  }
}
