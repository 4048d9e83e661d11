package org.dalil.channel;

/**
 * A message could not be sent. The message text is stored in the outbox as the last error, so it
 * must describe the failure only: never the message body or the address.
 *
 * @see ChannelSender#send
 */
public final class SendException extends Exception {
  private final boolean retryable;
  private final String errorCode;

  /**
   * @param retryable true when trying again later may succeed (timeouts, 5xx, rate limits)
   * @param errorCode the provider's error code (Twilio's {@code 63016}, Telegram's {@code 403}), or null
   */
  public SendException(boolean retryable, String errorCode, String message) {
    super(message);
    this.retryable = retryable;
    this.errorCode = errorCode;
  }

  public SendException(boolean retryable, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.errorCode = errorCode;
  }

  public boolean retryable() {
    return retryable;
  }

  public String errorCode() {
    return errorCode;
  }
}
