package org.dalil.store;

import java.time.Instant;

/**
 * A message as stored.
 *
 * @param providerMessageId the channel's id, for inbound messages
 * @param inReplyTo for an outbound message, the inbound message it answers (or null)
 */
public record StoredMessage(
    long id,
    long contactId,
    Direction direction,
    String channel,
    String providerMessageId,
    String body,
    Long inReplyTo,
    Instant createdAt) {}
