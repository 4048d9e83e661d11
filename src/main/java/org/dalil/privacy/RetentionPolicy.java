package org.dalil.privacy;

import java.time.Duration;

/**
 * How long each kind of data is kept (documented in README.md). Every period is counted from the
 * moment the data stops being needed: the end of the conversation, not its start.
 *
 * @param messages message texts (in and out, with their outbox rows and the volunteers' held
 *     replies), after the conversation went silent and its last handoff was closed; closed handoffs
 *     go then too, once their notes are gone
 * @param notes volunteers' internal notes, after their handoff was closed
 * @param variables answers saved into variables, the path taken in the flows, the handoff's city,
 *     after the conversation went silent (or its handoff was closed)
 * @param delivery delivery metadata: sent and failed outbox rows (a copy of the text), providers'
 *     message ids and statuses, receipts, per-contact send pace
 * @param contacts the contact itself (its protected address, language, consent), with anything
 *     left, after it last wrote and its last handoff was closed
 * @param erasureGrace how long the row of a contact erased at their own request waits for the
 *     confirmation to be sent before it goes anyway
 */
public record RetentionPolicy(
    Duration messages, Duration notes, Duration variables, Duration delivery, Duration contacts, Duration erasureGrace) {

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(30),
        Duration.ofDays(365), Duration.ofDays(7));
  }
}
