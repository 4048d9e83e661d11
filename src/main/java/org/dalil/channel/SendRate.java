package org.dalil.channel;

/**
 * The caps a provider puts on one sender identity (a Twilio number, a WhatsApp sender, a Telegram
 * bot): {@code overall} for everything it sends, {@code perContact} for what it sends to one
 * contact. The outbox claims no more than these allow, so a burst waits in the outbox instead of
 * failing at the provider.
 */
public record SendRate(RateLimit overall, RateLimit perContact) {
  public static final SendRate UNLIMITED = new SendRate(RateLimit.UNLIMITED, RateLimit.UNLIMITED);

  /**
   * The providers' documented caps for a channel's usual sender: an SMS long code sends 1 segment
   * a second (a Messaging Service sender overrides {@link ChannelSender#sendRate()} with 10), a
   * WhatsApp sender 80 messages a second, a Telegram bot 30 a second overall and about 1 a second
   * to one chat (short bursts of a few pass; more get 429 with {@code retry_after}).
   */
  public static SendRate defaultFor(String channel) {
    return switch (channel) {
      case "sms" -> new SendRate(RateLimit.perSecond(1), RateLimit.UNLIMITED);
      case "whatsapp" -> new SendRate(RateLimit.perSecond(80), RateLimit.UNLIMITED);
      case "telegram" -> new SendRate(RateLimit.perSecond(30), new RateLimit(1, 3));
      default -> UNLIMITED;
    };
  }

  /** A Twilio Messaging Service: 10 segments a second by default (more with a bigger pool). */
  public static SendRate messagingService() {
    return new SendRate(RateLimit.perSecond(10), RateLimit.UNLIMITED);
  }
}
