package org.dalil.handoff;

import java.time.Instant;

/**
 * A handoff as the inbox lists it. Holds the masked address only.
 *
 * @param flagged urgent and not yet answered by a volunteer: shown first and highlighted
 * @param summary the path taken in the flows before the handoff
 * @param claimedBy the volunteer who has it, or null while it waits in the queue
 */
public record HandoffSummary(
    long id,
    long contactId,
    String channel,
    String addressMasked,
    String language,
    String topic,
    String city,
    boolean urgent,
    boolean flagged,
    String summary,
    Instant openedAt,
    Long claimedBy,
    String claimedByName,
    Instant firstAnsweredAt,
    Instant followUpSentAt,
    Instant closedAt,
    String outcome) {

  public boolean open() {
    return closedAt == null;
  }

  public boolean claimed() {
    return claimedBy != null;
  }

  public boolean ownedBy(long volunteerId) {
    return claimedBy != null && claimedBy == volunteerId;
  }
}
