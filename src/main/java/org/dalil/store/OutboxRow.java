package org.dalil.store;

import java.time.Instant;
import org.dalil.channel.OutboundMessage;

/**
 * A reply waiting to be sent, or sent.
 *
 * @param attempts how many times a worker claimed it; also the token a worker must present to
 *     record the outcome of its claim
 * @param takeovers how many times a worker took it over after the lease of another ran out (that
 *     worker died while sending it): while above 0, the provider may already have the message
 * @param firstClaimedAt when a worker first claimed it (null while never claimed): the provider
 *     cannot have received it before
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
    Instant sentAt,
    int takeovers,
    Instant firstClaimedAt) {

  /** Whether an earlier attempt may have reached the provider without the outcome being recorded. */
  public boolean inDoubt() {
    return takeovers > 0;
  }
}
