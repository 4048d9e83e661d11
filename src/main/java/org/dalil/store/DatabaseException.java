package org.dalil.store;

/** The database cannot be opened or migrated; the message says why in one line, without secrets. */
public final class DatabaseException extends RuntimeException {
  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
