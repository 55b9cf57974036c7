package dev.klite.kubelet.exec;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * The streams and command of one exec request, from the query the API server forwards ({@code command} repeated,
 * {@code stdin}, {@code stdout}, {@code stderr}, {@code tty}). Parsing follows
 * {@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go} NewOptions: with a tty stderr is dropped (it is merged
 * into the terminal), and at least one stream is required. Pure.
 */
public record ExecOptions(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
  public ExecOptions {
    command = List.copyOf(command);
  }

  /** @throws IllegalArgumentException with upstream's message when the request is invalid */
  public static ExecOptions parse(MultiMap query) {
    return parse(query, true);
  }

  /** As {@link #parse(MultiMap)}; attach has no command. */
  static ExecOptions parse(MultiMap query, boolean needsCommand) {
    boolean tty = bool(query, "tty");
    boolean stdin = bool(query, "stdin");
    boolean stdout = bool(query, "stdout");
    boolean stderr = bool(query, "stderr") && !tty;
    if (!stdin && !stdout && !stderr) {
      throw new IllegalArgumentException("you must specify at least 1 of stdin, stdout, stderr");
    }
    List<String> command = query.getAll("command");
    if (needsCommand && (command.isEmpty() || command.get(0).isEmpty())) {
      // pkg/apis/core/validation: validatePodExecOptions (the API server checks it first).
      throw new IllegalArgumentException("you must specify at least one command for the container");
    }
    return new ExecOptions(command, stdin, stdout, stderr, tty);
  }

  /** The API server forwards {@code true}; upstream's kubelet URLs carry {@code 1}. */
  private static boolean bool(MultiMap query, String name) {
    String v = query.get(name);
    return v != null && ("1".equals(v) || "true".equalsIgnoreCase(v));
  }
}
