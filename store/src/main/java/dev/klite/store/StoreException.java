package dev.klite.store;

/** A genuinely exceptional store condition (not an expected CAS outcome). */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
