package dev.klite.kubelet.token;

/** A token could not be had; the message is user-facing (it ends up in the pod's FailedMount event). */
public final class TokenException extends Exception {
  private static final long serialVersionUID = 1L;

  public TokenException(String message) {
    super(message);
  }

  public TokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
