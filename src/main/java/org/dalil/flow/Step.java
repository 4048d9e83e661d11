package org.dalil.flow;

import java.util.List;

/** The result of one engine step: the state after the input and what must happen because of it. */
public record Step(ConversationState state, List<Event> events) {
  public Step {
    events = List.copyOf(events);
  }
}
