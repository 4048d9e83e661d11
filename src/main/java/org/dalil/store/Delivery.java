package org.dalil.store;

import java.time.Instant;
import org.dalil.channel.DeliveryStatus;

/**
 * What the provider said about an outbound message.
 *
 * @param providerMessageId the provider's id, once sent (null for a provider that gives none)
 * @param segments parts billed (SMS), or null when unknown
 * @param status null until the outbox sent it or gave up
 * @param errorCode the provider's code for a failure, or null
 */
public record Delivery(
    long messageId,
    String channel,
    String providerMessageId,
    Integer segments,
    DeliveryStatus status,
    String errorCode,
    Instant statusAt) {}
