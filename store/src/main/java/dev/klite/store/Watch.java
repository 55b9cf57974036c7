package dev.klite.store;

/** A handle on a running watch. Closing it cancels the watch (idempotent). */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
