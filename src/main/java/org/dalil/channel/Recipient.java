package org.dalil.channel;

import java.time.Instant;

/**
 * A contact as the outbox hands it to a sender: read with the rows claimed, so that a sender does
 * not query the database for each message (issue 9).
 *
 * @param address the contact's address on the channel (personal data: never log it)
 * @param lastInboundAt when the contact last wrote to us, null if never: a channel with a session
 *     window (WhatsApp's 24 hours) decides from it whether free text may be sent
 */
public record Recipient(String address, Instant lastInboundAt) {}
