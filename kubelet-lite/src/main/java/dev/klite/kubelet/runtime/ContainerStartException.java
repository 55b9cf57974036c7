package dev.klite.kubelet.runtime;

/** A container process could not be started. The message is user-facing. */
public final class ContainerStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public ContainerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
