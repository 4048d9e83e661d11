package org.dalil.channel;

/**
 * Delivers rendered replies on one channel. Called by the outbox worker, outside any database
 * transaction, possibly from several threads at once.
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
  void send(String address, OutboundMessage message) throws SendException;
}
