package org.dalil.flow;

import java.time.Instant;

/**
 * The flow engine: (state, input) to (new state, events). Pure: no I/O, no clock, no database;
 * time is an argument. Safe to share between threads.
 */
public final class Engine {

  /**
   * Runs one inbound message through the flows.
   *
   * @param current the newest flow set: used for a first contact, after a long silence, after an
   *     end or a stop, and when {@code running} is null
   * @param running the flow set of {@code state.version()}, or null when there is no state or that
   *     version is no longer available
   * @param state the conversation so far, null for a first contact
   * @param now the time the message was received
   */
  public Step step(FlowSet current, FlowSet running, ConversationState state, UserInput input, Instant now) {
    throw new UnsupportedOperationException("TODO engine");
  }
}
