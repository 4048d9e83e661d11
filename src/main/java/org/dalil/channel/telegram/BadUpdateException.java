package org.dalil.channel.telegram;

/**
 * A webhook body or an update that is not a usable Bot API {@code Update}. The message says what
 * is wrong with it and is sent back to the caller, so it never quotes the body.
 */
public final class BadUpdateException extends RuntimeException {
  public BadUpdateException(String message) {
    super(message);
  }
}
