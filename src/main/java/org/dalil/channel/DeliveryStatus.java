package org.dalil.channel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How far an outbound message got, as the provider reports it; stored in lower case. Statuses
 * only move forward ({@link #rank()}): status callbacks can arrive out of order, and a late
 * {@code sent} must not hide a {@code delivered} already known.
 *
 * <p>{@code failed} and {@code undelivered} rank above {@code sent} (the provider gave up after
 * sending or before) but below {@code delivered} and {@code read}: a handset's receipt is the
 * stronger evidence when a carrier reports both.
 */
public enum DeliveryStatus {
  /** The provider accepted the message and has not sent it yet. */
  QUEUED(1),
  /** The provider handed it to the carrier or the messaging network. */
  SENT(2),
  /** The provider could not send it (our request was refused, or the number is invalid). */
  FAILED(3),
  /** Sent, but the carrier or WhatsApp could not deliver it. */
  UNDELIVERED(3),
  DELIVERED(4),
  /** WhatsApp read receipt. */
  READ(5);

  private final int rank;

  DeliveryStatus(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether a message at this status is no longer in the provider's hands. */
  public boolean isFailure() {
    return this == FAILED || this == UNDELIVERED;
  }

  /** The statuses this one may replace: every status of a lower rank. */
  public List<DeliveryStatus> replaces() {
    return Arrays.stream(values()).filter(s -> s.rank < rank).toList();
  }

  /**
   * Twilio's {@code MessageStatus} (also Telegram-free names of our own), or empty for a status
   * that says nothing about delivery ({@code receiving}, {@code received}).
   */
  public static Optional<DeliveryStatus> fromProvider(String status) {
    if (status == null) {
      return Optional.empty();
    }
    return switch (status.strip().toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued", "sending" -> Optional.of(QUEUED);
      case "sent" -> Optional.of(SENT);
      case "delivered" -> Optional.of(DELIVERED);
      case "read" -> Optional.of(READ);
      case "undelivered" -> Optional.of(UNDELIVERED);
      case "failed", "canceled" -> Optional.of(FAILED);
      default -> Optional.empty();
    };
  }
}
