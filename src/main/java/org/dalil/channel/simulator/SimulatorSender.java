package org.dalil.channel.simulator;

import org.dalil.channel.ChannelSender;
import org.dalil.channel.OutboundMessage;

/**
 * The simulator's "delivery": its API already returned the replies from the conversation service,
 * so there is nothing to send. It still goes through the outbox so that the simulator exercises
 * the same path as a real channel.
 */
public final class SimulatorSender implements ChannelSender {
  public static final String CHANNEL = "simulator";

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public void send(String address, OutboundMessage message) {
    // Accepted: the reply reached the person through the API response.
  }
}
