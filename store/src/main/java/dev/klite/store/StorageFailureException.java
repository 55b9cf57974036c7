package dev.klite.store;

/** The underlying storage failed (I/O, corruption); wraps the cause with the operation. */
public class StorageFailureException extends StoreException {
  public StorageFailureException(String operation, Throwable cause) {
    super(operation + " failed: " + cause.getMessage(), cause);
  }
}
