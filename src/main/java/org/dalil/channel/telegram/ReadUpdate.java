package org.dalil.channel.telegram;

import org.dalil.channel.InboundMessage;

/**
 * What an {@code Update} means for Dalil: a message for the conversation service, or something
 * to ignore. Either may come from a button press, whose callback query must be answered.
 */
public sealed interface ReadUpdate {

  /** The id of the callback query to answer, or null when the update is not a button press. */
  String callbackQueryId();

  /** A message from a person in a private chat (typed, a command, media, a location or a button). */
  record Accepted(InboundMessage message, String callbackQueryId) implements ReadUpdate {}

  /**
   * Not for the conversation: an edit, a group or channel message, a service message, a change
   * of membership, an update type Dalil does not handle.
   *
   * @param what the kind of update, for the log (never its content)
   */
  record Ignored(String what, String callbackQueryId) implements ReadUpdate {}
}
