package org.dalil.channel;

import java.time.Instant;
import org.dalil.flow.UserInput;

/**
 * A message a contact sent, parsed from a channel's webhook. Nothing outside {@code channel/<name>}
 * knows the wire format it came in.
 *
 * @param channel channel name: {@code simulator}, {@code sms}, {@code whatsapp}, {@code telegram}
 * @param address the contact's address on that channel (phone number, chat id); personal data,
 *     never logged
 * @param providerMessageId the channel's id of the message, used to drop duplicates
 */
public record InboundMessage(
    String channel, String address, String providerMessageId, UserInput input, Instant receivedAt) {}
