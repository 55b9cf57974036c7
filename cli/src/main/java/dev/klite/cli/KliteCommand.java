package dev.klite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code klite}: a Kubernetes-API-compatible server in one JVM. */
@Command(
    name = "klite",
    mixinStandardHelpOptions = true,
    versionProvider = KliteVersion.class,
    description = "A Kubernetes-API-compatible server (core/v1, batch/v1) in one JVM: API server, Job controller and a kubelet that runs pods as local processes.",
    subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
public final class KliteCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'klite server'");
  }

  public static void main(String[] args) {
    int code = new CommandLine(new KliteCommand()).execute(args);
    if (code != 0) System.exit(code);
  }
}
