package org.dalil.handoff;

import org.dalil.channel.OutboundMessage;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.jdbi.v3.core.Handle;

/** Writes a message to the contact: the stored message and its outbox row, in the caller's transaction. */
final class Outgoing {
  private Outgoing() {}

  /** The stored message's id. */
  static long write(Handle h, long contactId, String channel, OutboundMessage message, Long inReplyTo) {
    long messageId = h.attach(MessageDao.class).insertOutbound(contactId, channel, message.asPlainText(), inReplyTo);
    h.attach(OutboxDao.class).insert(messageId, contactId, channel, message);
    return messageId;
  }

  static boolean isSms(String channel) {
    return "sms".equals(channel);
  }
}
