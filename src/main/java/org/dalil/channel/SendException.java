package org.dalil.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * A message could not be sent. The message text is stored in the outbox as the last error, so it
 * must describe the failure only: never the message body or the address.
 *
 * @see ChannelSender#deliver
 */
public final class SendException extends Exception {
  private final boolean retryable;
  private final String errorCode;
  private final Duration retryAfter;

  /**
   * @param retryable true when trying again later may succeed (timeouts, 5xx, rate limits)
   * @param errorCode the provider's error code (Twilio's {@code 63016}, Telegram's {@code 403}), or null
   */
  public SendException(boolean retryable, String errorCode, String message) {
    this(retryable, errorCode, message, null, null);
  }

  public SendException(boolean retryable, String errorCode, String message, Throwable cause) {
    this(retryable, errorCode, message, null, cause);
  }

  private SendException(boolean retryable, String errorCode, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.errorCode = errorCode;
    this.retryAfter = retryAfter;
  }

  /**
   * The provider asked us to wait (HTTP 429 with {@code Retry-After}, Telegram's {@code
   * parameters.retry_after}): retryable, and not retried before {@code retryAfter} has passed.
   */
  public static SendException retryAfter(String errorCode, String message, Duration retryAfter) {
    return retryAfter(errorCode, message, retryAfter, null);
  }

  public static SendException retryAfter(String errorCode, String message, Duration retryAfter, Throwable cause) {
    if (retryAfter == null || retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must be zero or positive");
    }
    return new SendException(true, errorCode, message, retryAfter, cause);
  }

  public boolean retryable() {
    return retryable;
  }

  public String errorCode() {
    return errorCode;
  }

  /** How long the provider asked us to wait before the next attempt, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
