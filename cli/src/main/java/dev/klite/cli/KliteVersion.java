package dev.klite.cli;

import picocli.CommandLine;

/** The version line of {@code klite --version}: ours and the Kubernetes API level we serve. */
public final class KliteVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String ours = KliteVersion.class.getPackage().getImplementationVersion();
    return new String[] {"klite " + (ours == null ? "dev" : ours) + " (Kubernetes API v1.32)"};
  }
}
