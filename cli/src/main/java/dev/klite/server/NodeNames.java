package dev.klite.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The kubelet's default node name: the host name, lower-cased, as upstream's kubelet does. */
public final class NodeNames {
  private NodeNames() {}

  public static String fromHost() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "klite");
    }
    return sanitize(host);
  }

  /** Lower-case, keep [a-z0-9.-], trim non-alphanumerics at both ends (a valid DNS-1123 subdomain). */
  static String sanitize(String host) {
    String s = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    s = s.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    if (s.length() > 253) s = s.substring(0, 253).replaceAll("[^a-z0-9]+$", "");
    return s.isEmpty() ? "klite" : s;
  }
}
