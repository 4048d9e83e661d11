package org.dalil.flow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a contact is in the flows. A value: the engine returns a new one for every step.
 *
 * @param version the flow set version the conversation runs on
 * @param flow the flow of the node waiting for a reply (null when not waiting)
 * @param node the menu or input node waiting for a reply (null when not waiting)
 * @param language the contact's language, null until chosen
 * @param variables captured answers and {@code set} values
 * @param misses consecutive replies that matched nothing
 * @param path the last visited nodes ({@code flow.node}), oldest first, for a volunteer's summary
 */
public record ConversationState(
    String version,
    String flow,
    String node,
    String language,
    Map<String, String> variables,
    int misses,
    Status status,
    Instant startedAt,
    Instant lastActivityAt,
    List<String> path) {

  /** How many visited nodes the path keeps. */
  public static final int PATH_LIMIT = 20;

  public enum Status {
    /** Waiting at {@code node} for a reply. */
    ACTIVE,
    /** With a volunteer: the bot answers only global keywords. */
    HANDOFF,
    /** Reached an end node. */
    ENDED,
    /** Opted out: nothing is sent until the contact writes again. */
    STOPPED
  }

  public ConversationState {
    variables = Map.copyOf(variables);
    path = List.copyOf(path);
  }
}
