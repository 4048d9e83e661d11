package org.dalil.handoff;

import java.time.Instant;

/**
 * One line of a conversation's history, as a volunteer reads it.
 *
 * @param kind who wrote it
 * @param author the volunteer's name for a volunteer's reply or note; null otherwise
 * @param outboxStatus pending, sending, sent or failed for an outbound message; null otherwise
 * @param deliveryStatus what the provider reported (queued, sent, delivered, read, failed,
 *     undelivered), when it did
 * @param error why sending failed (the outbox's last error or the provider's code)
 */
public record HistoryItem(
    long id,
    Kind kind,
    String body,
    Instant at,
    String author,
    String outboxStatus,
    String deliveryStatus,
    String error) {

  public enum Kind {
    CONTACT,
    BOT,
    VOLUNTEER,
    /** A volunteer's reply waiting for the WhatsApp window to reopen. */
    HELD,
    NOTE
  }

  /** The state shown beside a reply: the provider's when known, else the outbox's. */
  public String shownStatus() {
    if (kind == Kind.HELD) {
      return "held";
    }
    if (deliveryStatus != null) {
      return deliveryStatus;
    }
    return outboxStatus;
  }

  public boolean failed() {
    String s = shownStatus();
    return "failed".equals(s) || "undelivered".equals(s);
  }
}
