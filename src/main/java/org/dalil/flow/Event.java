package org.dalil.flow;

import java.util.List;

/**
 * What the engine asks the world to do. The conversation service applies each event in the same
 * transaction as the new state (messages go to the outbox).
 */
public sealed interface Event {

  /** Send text, one paragraph per entry (several when a text is sent in all languages). */
  record SendText(List<TextRef> paragraphs) implements Event {
    public SendText {
      paragraphs = List.copyOf(paragraphs);
    }
  }

  /** Send a prompt with numbered choices; each channel renders choices its own way. */
  record SendMenu(List<TextRef> prompt, List<Choice> choices) implements Event {
    public SendMenu {
      prompt = List.copyOf(prompt);
      choices = List.copyOf(choices);
    }
  }

  /** A menu choice: the number the person can type and its label. */
  record Choice(int number, TextRef label) {}

  /** Send the directory entries with these ids, found for {@code topic} in {@code city}. */
  record SendServices(List<String> organisationIds, String topic, String city, String language)
      implements Event {
    public SendServices {
      organisationIds = List.copyOf(organisationIds);
    }
  }

  /** The contact's language changed. */
  record SetLanguage(String language) implements Event {}

  /** Queue the conversation for a volunteer. */
  record OpenHandoff(String topic, boolean urgent, String summary) implements Event {}

  /** The contact left the volunteer (global keyword): close the open handoff. */
  record CloseHandoff() implements Event {}

  /** The contact asked to receive nothing more until they write again. */
  record OptOut() implements Event {}

  /**
   * The contact wrote words of danger: a volunteer must see the conversation first. Opens an
   * urgent handoff, or makes the open one urgent.
   *
   * @param reason a code of the kind of danger ({@code self_harm}, {@code violence}, ...)
   * @param topic the topic understood with it, or else the reason
   * @param summary the path taken in the flows, as for {@link OpenHandoff}
   */
  record MarkUrgent(String reason, String topic, String summary) implements Event {}

  /** A reply matched nothing (counted for statistics; no personal data). */
  record NotUnderstood(String flow, String node) implements Event {}

  /** The short privacy notice was shown to the contact (once, at first contact): record when. */
  record NoticeShown() implements Event {}

  /** The contact wrote again after the notice: they agreed; record when. */
  record ConsentGiven() implements Event {}

  /** The contact wrote the erasure keyword and was asked to confirm: their next message decides. */
  record ErasureAsked() implements Event {}

  /** The contact did not confirm the erasure: nothing is erased. */
  record ErasureCancelled() implements Event {}

  /**
   * The contact confirmed: erase everything about them now. Comes before the confirmation text,
   * which is the only thing sent (and kept until it is sent).
   */
  record EraseContact() implements Event {}
}
