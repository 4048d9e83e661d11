package org.dalil.channel;

/**
 * What the provider said when it accepted a message.
 *
 * @param providerMessageId the provider's id for the message (Twilio's {@code SM...} sid, Telegram's
 *     {@code message_id}), or null when it gives none; status callbacks find the message by it
 * @param segments how many parts the provider billed or split it into (SMS segments); 0 when unknown
 * @param status where the message is at once: {@link DeliveryStatus#QUEUED} for a provider that
 *     reports progress later (Twilio), {@link DeliveryStatus#SENT} for one that does not (Telegram)
 */
public record SendResult(String providerMessageId, int segments, DeliveryStatus status) {

  public SendResult {
    if (segments < 0) {
      throw new IllegalArgumentException("segments must not be negative");
    }
    if (status == null) {
      throw new IllegalArgumentException("status is required");
    }
  }

  /** Accepted and queued by the provider, which will report progress through callbacks. */
  public SendResult(String providerMessageId, int segments) {
    this(providerMessageId, segments, DeliveryStatus.QUEUED);
  }

  /** Accepted, by a sender that learns nothing more (such as {@code void send} implementations). */
  public static SendResult accepted() {
    return new SendResult(null, 0, DeliveryStatus.SENT);
  }
}
