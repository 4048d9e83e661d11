package org.dalil.store;

import java.time.Instant;

/** A conversation queued for a volunteer; open while {@code closedAt} is null. */
public record Handoff(
    long id,
    long conversationId,
    long contactId,
    String topic,
    boolean urgent,
    String summary,
    Instant openedAt,
    Instant closedAt) {}
