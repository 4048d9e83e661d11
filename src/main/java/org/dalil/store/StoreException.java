package org.dalil.store;

/** A statement run outside Jdbi failed; the transaction it ran in is rolled back. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
