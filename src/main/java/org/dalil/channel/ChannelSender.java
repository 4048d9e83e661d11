package org.dalil.channel;

import java.time.Instant;
import java.util.Optional;

/**
 * Delivers rendered replies on one channel. Called by the outbox worker, outside any database
 * transaction, from several threads at once (never two messages of one contact at once).
 *
 * <p>Implement {@link #deliver} (it returns what the provider said), or the older {@link #send}
 * (then the outbox records no provider id). Implementing neither is refused by the outbox worker.
 */
public interface ChannelSender {

  /** The channel this sender serves, as in {@link InboundMessage#channel()}. */
  String channel();

  /**
   * Sends one message. Returning normally means the provider accepted it.
   *
   * @param address the contact's address on this channel (personal data: never log it)
   * @throws SendException when the provider refused it or could not be reached
   */
  default void send(String address, OutboundMessage message) throws SendException {
    deliver(address, message);
  }

  /**
   * Sends one message and says what the provider answered: its id for the message (status
   * callbacks refer to it), the segments, the first status.
   *
   * @param address the contact's address on this channel (personal data: never log it)
   * @throws SendException when the provider refused it or could not be reached; with {@link
   *     SendException#retryAfter()} when the provider said when to try again
   */
  default SendResult deliver(String address, OutboundMessage message) throws SendException {
    send(address, message);
    return SendResult.accepted();
  }

  /**
   * {@link #deliver(String, OutboundMessage)} with what the outbox knows of the contact; the
   * outbox calls this one. A sender that needs more than the address (when the contact last
   * wrote) overrides it.
   */
  default SendResult deliver(Recipient to, OutboundMessage message) throws SendException {
    return deliver(to.address(), message);
  }

  /**
   * Asked before sending a message again when an earlier attempt was cut short (the instance
   * sending it died, so nobody knows whether the provider got it): if the provider can tell that
   * it already has this message, return what it said and the outbox records it instead of sending
   * a second copy. The default cannot tell, and the message is sent again (at least once).
   *
   * @param notBefore the message cannot have been sent before this time (when it was queued)
   * @throws SendException when the provider could not be asked; the outbox asks again later
   */
  default Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore)
      throws SendException {
    return Optional.empty();
  }

  /**
   * The provider's throughput caps for this sender; {@link SendRate#defaultFor} by channel unless
   * the sender knows better (a Messaging Service). Operators override them in the environment.
   */
  default SendRate sendRate() {
    return SendRate.defaultFor(channel());
  }
}
