package org.dalil.flow;

import java.util.Optional;
import org.dalil.channel.OutboundMessage;

/**
 * Turns the engine's message events into texts in the contact's language, from the catalog of
 * the flow set the event came from. Pure, like the engine.
 */
public final class MessageRenderer {

  /** The message for a {@code SendText}, {@code SendMenu} or {@code SendServices}; empty otherwise. */
  public Optional<OutboundMessage> render(FlowSet set, Event event) {
    throw new UnsupportedOperationException("TODO renderer");
  }
}
