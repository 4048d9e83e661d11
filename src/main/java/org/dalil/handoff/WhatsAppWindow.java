package org.dalil.handoff;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer-service window: free text may be sent for 24 hours after the contact's last
 * message; after that only an approved template. Pure.
 *
 * @param closesAt when the window closes (null when not WhatsApp or the contact never wrote)
 */
public record WhatsAppWindow(State state, Instant closesAt) {

  public static final String CHANNEL = "whatsapp";
  public static final Duration LENGTH = Duration.ofHours(24);

  public enum State {
    /** Not a WhatsApp conversation: no window. */
    NOT_APPLICABLE,
    OPEN,
    CLOSED
  }

  public static WhatsAppWindow of(String channel, Instant lastInbound, Instant now) {
    if (!CHANNEL.equals(channel)) {
      return new WhatsAppWindow(State.NOT_APPLICABLE, null);
    }
    if (lastInbound == null) {
      return new WhatsAppWindow(State.CLOSED, null);
    }
    Instant closes = lastInbound.plus(LENGTH);
    return new WhatsAppWindow(now.isBefore(closes) ? State.OPEN : State.CLOSED, closes);
  }

  /** Whether a free-text reply can be sent now. */
  public boolean allowsFreeText() {
    return state != State.CLOSED;
  }
}
