package org.dalil.channel;

import java.util.List;

/**
 * A rendered reply, ready for a channel: the text in the contact's language and, for a menu, the
 * numbered options. A text-only channel (SMS) appends the options as numbered lines; a channel
 * with buttons shows them as a keyboard.
 *
 * @param kind what the message is for; a channel that restricts free text (WhatsApp outside its
 *     24-hour window) sends a {@link Kind#REENGAGE} as its own approved template instead of the text
 */
public record OutboundMessage(String text, List<Option> options, String language, Kind kind) {

  /** Why a message is sent, when a channel needs to know more than its text. */
  public enum Kind {
    /** An answer in a conversation: free text, allowed while the channel's session is open. */
    REPLY,
    /**
     * Asks the contact to write back so that a held reply can reach them. {@code text} says so in
     * plain words: it is what the history shows, and what a channel without templates sends.
     */
    REENGAGE
  }

  public OutboundMessage {
    options = List.copyOf(options);
    // Rows queued before the kind existed have none: they were replies.
    kind = kind == null ? Kind.REPLY : kind;
  }

  public OutboundMessage(String text, List<Option> options, String language) {
    this(text, options, language, Kind.REPLY);
  }

  /** The request to write back, in the contact's language. */
  public static OutboundMessage reengage(String text, String language) {
    return new OutboundMessage(text, List.of(), language, Kind.REENGAGE);
  }

  public record Option(int number, String label) {}

  /** The text with options as numbered lines, as a plain-text channel shows it. */
  public String asPlainText() {
    if (options.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text);
    for (Option o : options) {
      sb.append('\n').append(o.number()).append(". ").append(o.label());
    }
    return sb.toString();
  }
}
