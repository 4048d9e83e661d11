package org.dalil.store;

import java.time.Instant;
import org.dalil.channel.OutboundMessage;

/**
 * A reply waiting to be sent, or sent.
 *
 * @param attempts how many times a worker claimed it; also the token a worker must present to
 *     record the outcome of its claim
 */
public record OutboxRow(
    long id,
    long messageId,
    long contactId,
    String channel,
    OutboundMessage payload,
    OutboxStatus status,
    int attempts,
    Instant nextAttemptAt,
    Instant lockedUntil,
    String lastError,
    Instant createdAt,
    Instant sentAt) {}
