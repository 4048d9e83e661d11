package org.dalil.handoff;

import org.dalil.channel.OutboundMessage;
import org.dalil.store.InboundStore;
import org.jdbi.v3.core.Handle;

/** Writes a message to the contact: the stored message and its outbox row, in the caller's transaction. */
final class Outgoing {
  private Outgoing() {}

  /** The stored message's id. */
  static long write(Handle h, long contactId, String channel, OutboundMessage message, Long inReplyTo) {
    return InboundStore.insertReply(h, contactId, channel, message, inReplyTo);
  }

  static boolean isSms(String channel) {
    return "sms".equals(channel);
  }
}
