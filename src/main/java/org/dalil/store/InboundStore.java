package org.dalil.store;

import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.dalil.flow.PrivacyState;
import org.dalil.privacy.AddressKeys;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The statements of every inbound message, on the handle of its transaction, with Jdbi's fluent
 * API. The DAOs hold the SQL ({@link ContactDao#LOCK_KNOWN}, {@link MessageDao#INSERT_INBOUND}...);
 * this class only runs it. Attaching a SQL-object interface builds a handler for each of its
 * methods, on every handle: for the few statements of a message that cost several times the
 * statements themselves (the benchmark of issue 9), so the per-message path does not attach.
 */
public final class InboundStore {
  private static final RowMapper<LockedContact> LOCKED = (rs, ctx) -> new LockedContact(rs.getLong("id"),
      rs.getBoolean("opted_out"),
      new PrivacyState(rs.getBoolean("notice_shown"), rs.getBoolean("agreed"), rs.getBoolean("erasure_asked")));
  private static final ConversationDao.StoredConversationMapper CONVERSATION = new ConversationDao.StoredConversationMapper();

  private InboundStore() {}

  /**
   * A contact, locked for the transaction: the messages of one contact are handled one at a time.
   *
   * @param optedOut whether the contact had asked to receive nothing
   * @param privacy what the contact was told and agreed to, as the engine needs it
   */
  public record LockedContact(long id, boolean optedOut, PrivacyState privacy) {}

  /**
   * Finds the contact by its keyed hash and locks it, creating it on first contact. The address is
   * encrypted only for a new contact: a known one's ciphertext does not change.
   */
  public static LockedContact lockContact(Handle h, String channel, String address) {
    AddressKeys keys = h.getConfig(AddressKeysConfig.class).keys();
    List<String> hashes = keys.lookupHashes(channel, address);
    String hash = hashes.get(0);
    String masked = AddressMask.mask(address);
    Optional<LockedContact> known = h.createQuery(ContactDao.LOCK_KNOWN)
        .bind("channel", channel).bind("hash", hash).bind("addressMasked", masked)
        .map(LOCKED).findOne();
    if (known.isPresent()) {
      return known.get();
    }
    if (hashes.size() > 1) {
      // Perhaps written under an older key: the DAO moves it to the current one.
      long id = h.attach(ContactDao.class).upsert(channel, address, masked);
      return h.createQuery("SELECT " + ContactDao.LOCKED_COLUMNS + " FROM contacts WHERE id = :id")
          .bind("id", id).map(LOCKED).one();
    }
    return h.createQuery(ContactDao.INSERT)
        .bind("channel", channel).bind("hash", hash).bind("secret", keys.encrypt(channel, hash, address))
        .bind("keyId", keys.currentId()).bind("addressMasked", masked)
        .map(LOCKED).one();
  }

  /** The stored message's id, or empty when the channel delivered this message before. */
  public static Optional<Long> insertInbound(Handle h, long contactId, String channel, String providerMessageId,
      String body) {
    return h.createQuery(MessageDao.INSERT_INBOUND)
        .bind("contactId", contactId).bind("channel", channel).bind("providerMessageId", providerMessageId)
        .bind("body", body)
        .mapTo(Long.class).findOne();
  }

  public static Optional<StoredConversation> conversation(Handle h, long contactId) {
    return h.createQuery(ConversationDao.FIND).bind("contactId", contactId).map(CONVERSATION).findOne();
  }

  /** Stores the state as the contact's current conversation; returns the conversation's id. */
  public static long saveConversation(Handle h, long contactId, ConversationState state) {
    return h.createQuery(ConversationDao.UPSERT)
        .bind("contactId", contactId)
        .bind("version", state.version())
        .bind("flow", state.flow())
        .bind("node", state.node())
        .bind("language", state.language())
        .bind("variables", Json.write(state.variables()))
        .bind("misses", state.misses())
        .bind("status", state.status().name().toLowerCase(Locale.ROOT))
        .bind("path", Json.write(state.path()))
        .bind("startedAt", state.startedAt())
        .bind("lastActivityAt", state.lastActivityAt())
        .mapTo(Long.class).one();
  }

  /** A message to the contact, stored and queued in the outbox; returns the message's id. */
  public static long insertReply(Handle h, long contactId, String channel, OutboundMessage message, Long inReplyTo) {
    return h.createQuery(OutboxDao.INSERT_REPLY)
        .bind("contactId", contactId).bind("channel", channel).bind("body", message.asPlainText())
        .bind("inReplyTo", inReplyTo).bind("payload", Json.write(message))
        .mapTo(Long.class).one();
  }
}
