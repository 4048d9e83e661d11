package org.dalil.channel;

import java.util.List;

/**
 * A rendered reply, ready for a channel: the text in the contact's language and, for a menu, the
 * numbered options. A text-only channel (SMS) appends the options as numbered lines; a channel
 * with buttons shows them as a keyboard.
 */
public record OutboundMessage(String text, List<Option> options, String language) {

  public OutboundMessage {
    options = List.copyOf(options);
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
