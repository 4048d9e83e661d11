package org.dalil.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.PrivacyState;
import org.dalil.privacy.AddressKeys;
import org.jdbi.v3.core.Handle;

/**
 * The statements of every inbound message (and of every message written to a contact), on the
 * handle of its transaction. The DAOs hold the SQL ({@link ContactDao#LOCK_KNOWN}, {@link
 * MessageDao#INSERT_INBOUND}...); this class runs it with plain JDBC ({@link NamedSql}). Attaching
 * a SQL-object interface builds a handler for each of its methods, and Jdbi's fluent API copies
 * its configuration for each statement: for the few statements of a message, that cost several
 * times the statements themselves (the benchmark of issue 9).
 */
public final class InboundStore {
  private static final NamedSql LOCKED_BY_ID =
      new NamedSql("SELECT " + ContactDao.LOCKED_COLUMNS + " FROM contacts WHERE id = :id");
  private static final NamedSql INSERT_INBOUND = new NamedSql(MessageDao.INSERT_INBOUND);

  /**
   * {@link ConversationDao#FIND} and the contact's open handoff ({@code OPEN_HANDOFF_OF} of the
   * inbox) in one statement, run after the contact is locked: a statement of its own, so that it
   * sees what the contact's previous message committed.
   */
  private static final NamedSql FIND_CONVERSATION_AND_HANDOFF =
      new NamedSql(conversationAndHandoffOf("SELECT CAST(:contactId AS bigint) AS contact_id"));
  /**
   * {@link ContactDao#LOCK_KNOWN} and {@link MessageDao#INSERT_INBOUND} (the row is locked by the
   * update before the insert runs; no row for a new contact), then the conversation and the open
   * handoff, sent together: one round trip, and still two statements, so the second reads with a
   * snapshot taken once the first holds the lock (READ COMMITTED takes one per statement).
   */
  private static final NamedSql LOCK_KNOWN_RECEIVE_AND_READ = new NamedSql(andReceiveAndRead(ContactDao.LOCK_KNOWN));
  /**
   * {@link ContactDao#INSERT} and {@link MessageDao#INSERT_INBOUND}, then the read, in one round
   * trip as above: a new contact's first message (or a contact created meanwhile by another
   * message, whose commit the insert waited for).
   */
  private static final NamedSql INSERT_CONTACT_RECEIVE_AND_READ = new NamedSql(andReceiveAndRead(ContactDao.INSERT));
  /**
   * The known contacts of several messages, locked in the order of their ids (two transactions
   * locking overlapping sets in that order cannot deadlock), each with the position of its message.
   */
  private static final NamedSql LOCK_KNOWN_ALL = NamedSql.plannedEachRun("SELECT " + ContactDao.LOCKED_COLUMNS + """
      , i.n FROM contacts
      JOIN unnest(CAST(:channels AS text[]), CAST(:hashes AS text[])) WITH ORDINALITY AS i(channel, hash, n)
        ON contacts.channel = i.channel AND contacts.address_hash = i.hash
      ORDER BY contacts.id
      FOR UPDATE OF contacts""");
  /**
   * The messages of contacts locked by {@link #LOCK_KNOWN_ALL} (as {@link ContactDao#LOCK_KNOWN}
   * does, a contact erased at their request who writes again is restored), then their
   * conversations and open handoffs: one round trip, two statements.
   */
  private static final NamedSql RECEIVE_AND_READ_ALL = NamedSql.plannedEachRun("""
      WITH i AS (
        SELECT * FROM unnest(CAST(:contactIds AS bigint[]), CAST(:channels AS text[]), CAST(:masked AS text[]),
                             CAST(:providerIds AS text[]), CAST(:bodies AS text[]))
          WITH ORDINALITY AS i(contact_id, channel, masked, provider_id, body, n)
      ), restored AS (
        UPDATE contacts c SET address_masked = i.masked, erased_at = NULL
        FROM i
        WHERE c.id = i.contact_id AND (c.erased_at IS NOT NULL OR c.address_masked IS DISTINCT FROM i.masked)
      )
      INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)
      SELECT contact_id, 'in', channel, provider_id, body FROM i ORDER BY n
      """ + MessageDao.ONCE_PER_PROVIDER_ID + """
       RETURNING id, contact_id;
      """ + conversationAndHandoffOf("SELECT unnest(CAST(:contactIds AS bigint[])) AS contact_id"));
  /**
   * New contacts of several messages and their messages, then their conversations (none, unless
   * another transaction created the contact meanwhile: the insert waited for it and locked it, as
   * {@link ContactDao#INSERT} does): one round trip, two statements. Inserted in the order of
   * their hashes, so that two batches creating the same contacts cannot deadlock.
   */
  private static final NamedSql INSERT_CONTACTS_RECEIVE_AND_READ = NamedSql.plannedEachRun("""
      WITH i AS (
        SELECT * FROM unnest(CAST(:channels AS text[]), CAST(:hashes AS text[]), CAST(:secrets AS text[]),
                             CAST(:keyIds AS text[]), CAST(:masked AS text[]), CAST(:providerIds AS text[]),
                             CAST(:bodies AS text[]))
          AS i(channel, hash, secret, key_id, masked, provider_id, body)
      ), c AS (
        INSERT INTO contacts (channel, address_hash, address_secret, address_key, address_masked)
        SELECT channel, hash, secret, key_id, masked FROM i ORDER BY channel, hash
        """ + ContactDao.KNOWN_OR_RESTORED + """
        RETURNING channel AS c_channel, address_hash AS c_hash,\s""" + ContactDao.LOCKED_COLUMNS + """
      ), m AS (
        INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)
        SELECT c.id, 'in', i.channel, i.provider_id, i.body FROM c JOIN i ON i.channel = c.c_channel AND i.hash = c.c_hash
        ORDER BY c.id
        """ + MessageDao.ONCE_PER_PROVIDER_ID + """
        RETURNING id, contact_id)
      SELECT c.*, m.id AS inbound_id FROM c LEFT JOIN m ON m.contact_id = c.id;
      """ + conversationAndHandoffOf("""
          SELECT contacts.id AS contact_id FROM contacts
          JOIN unnest(CAST(:channels AS text[]), CAST(:hashes AS text[])) AS i(channel, hash)
            ON contacts.channel = i.channel AND contacts.address_hash = i.hash"""));
  private static final NamedSql INSERT_REPLY = new NamedSql(OutboxDao.INSERT_REPLY);
  private static final ConversationDao.StoredConversationMapper CONVERSATION = new ConversationDao.StoredConversationMapper();

  private InboundStore() {}

  /** The conversation and the open handoff of the one contact {@code contactQuery} selects (as {@code contact_id}). */
  private static String conversationAndHandoffOf(String contactQuery) {
    return """
        SELECT c.id, c.contact_id, c.flow_version, c.flow, c.node, c.language, c.variables::text AS variables,
               c.misses, c.status, c.path::text AS path, c.started_at, c.last_activity_at,
               (SELECT h.id FROM handoffs h WHERE h.contact_id = x.contact_id AND h.closed_at IS NULL
                ORDER BY h.id LIMIT 1) AS open_handoff_id, x.contact_id AS of_contact
        FROM (""" + contactQuery + ") x LEFT JOIN conversations c ON c.contact_id = x.contact_id";
  }

  /** {@link #andReceive}, then the read of the same contact's conversation, as a statement of its own. */
  private static String andReceiveAndRead(String contactStatement) {
    return andReceive(contactStatement) + ";\n"
        + conversationAndHandoffOf("SELECT id AS contact_id FROM contacts WHERE channel = :channel AND address_hash = :hash");
  }

  /** {@code contactStatement}, which returns the contact's locked row, followed by the insert of its message. */
  private static String andReceive(String contactStatement) {
    return "WITH c AS (" + contactStatement + """
        ), m AS (
          INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)
          SELECT c.id, 'in', :channel, :providerMessageId, :body FROM c
        """ + MessageDao.ONCE_PER_PROVIDER_ID + """
          RETURNING id)
        SELECT c.*, (SELECT id FROM m) AS inbound_id FROM c""";
  }

  /**
   * A contact, locked for the transaction: the messages of one contact are handled one at a time.
   *
   * @param optedOut whether the contact had asked to receive nothing
   * @param privacy what the contact was told and agreed to, as the engine needs it
   */
  public record LockedContact(long id, boolean optedOut, PrivacyState privacy) {}

  /**
   * A locked contact and its message, stored.
   *
   * @param inboundId empty when the channel delivered this message before
   * @param before the contact's conversation and open handoff as they stood once it was locked;
   *     for a message delivered before, not to be used (null when it was not read)
   */
  public record Received(LockedContact contact, Optional<Long> inboundId, ConversationAndHandoff before) {}

  /**
   * Locks the contact (creating it on first contact), stores its message, once per channel
   * message id, and reads its conversation. A known contact, the common case, takes one round trip.
   */
  public static Received lockAndReceive(Handle h, String channel, String address, String providerMessageId,
      String body) {
    AddressKeys keys = h.getConfig(AddressKeysConfig.class).keys();
    List<String> hashes = keys.lookupHashes(channel, address);
    String masked = AddressMask.mask(address);
    Optional<Received> known = run(() -> LOCK_KNOWN_RECEIVE_AND_READ.queryAll(h.getConnection(),
        values("channel", channel, "hash", hashes.get(0), "addressMasked", masked,
            "providerMessageId", providerMessageId, "body", body),
        InboundStore::receivedAndRead));
    if (known.isPresent()) {
      return known.get();
    }
    if (hashes.size() > 1) {
      LockedContact contact = rekeyedOrNew(h, channel, address, masked);
      Optional<Long> inboundId = insertInbound(h, contact.id(), channel, providerMessageId, body);
      ConversationAndHandoff before = inboundId.isEmpty() ? null : run(() -> FIND_CONVERSATION_AND_HANDOFF.query(
          h.getConnection(), values("contactId", contact.id()), InboundStore::conversationAndHandoff));
      return new Received(contact, inboundId, before);
    }
    // Only a new contact's address is encrypted.
    String hash = hashes.get(0);
    return run(() -> INSERT_CONTACT_RECEIVE_AND_READ.queryAll(h.getConnection(), values("channel", channel,
        "hash", hash, "secret", keys.encrypt(channel, hash, address), "keyId", keys.currentId(),
        "addressMasked", masked, "providerMessageId", providerMessageId, "body", body),
        InboundStore::receivedAndRead)).orElseThrow();
  }

  /** What a message brings to {@link #lockAndReceiveAll}. */
  public record Arriving(String channel, String address, String providerMessageId, String body) {}

  /**
   * {@link #lockAndReceive} for the messages of several contacts (each contact at most once): the
   * known contacts are locked, then their messages are stored and their conversations read (two
   * round trips), then the new contacts are created with their messages and their conversations
   * read (one more). While older address keys are configured, a message whose contact is not
   * found under the current key gets an empty answer instead: {@link #lockAndReceive} looks under
   * every key, and re-keys or creates the contact.
   */
  public static List<Optional<Received>> lockAndReceiveAll(Handle h, List<Arriving> messages) {
    AddressKeys keys = h.getConfig(AddressKeysConfig.class).keys();
    int n = messages.size();
    String[] channels = new String[n];
    String[] hashes = new String[n];
    boolean oneKey = true;
    for (int i = 0; i < n; i++) {
      channels[i] = messages.get(i).channel();
      List<String> everyKey = keys.lookupHashes(channels[i], messages.get(i).address());
      hashes[i] = everyKey.getFirst();
      oneKey &= everyKey.size() == 1;
    }
    LockedContact[] locked = new LockedContact[n];
    int found = run(() -> LOCK_KNOWN_ALL.query(h.getConnection(), values("channels", channels, "hashes", hashes),
        rs -> {
          int count = 0;
          while (rs.next()) {
            locked[rs.getInt("n") - 1] = lockedContact(rs);
            count++;
          }
          return count;
        }));
    Received[] received = new Received[n];
    if (found > 0) {
      receiveKnown(h, messages, locked, received);
    }
    // With older keys configured, a contact not found may be under one of them: the single path looks.
    if (found < n && oneKey) {
      receiveNew(h, keys, messages, hashes, locked, received);
    }
    List<Optional<Received>> all = new ArrayList<>(n);
    for (Received r : received) {
      all.add(Optional.ofNullable(r));
    }
    return all;
  }

  /**
   * The messages of the contacts {@code locked} (the others are null) stored and their
   * conversations read; into {@code received}, at the messages' positions.
   */
  private static void receiveKnown(Handle h, List<Arriving> messages, LockedContact[] locked, Received[] received) {
    List<Integer> known = positions(locked, true);
    List<Arriving> arriving = known.stream().map(messages::get).toList();
    Map<Long, Long> inboundIds = new HashMap<>();
    Map<Long, ConversationAndHandoff> before = new HashMap<>();
    run(() -> {
      RECEIVE_AND_READ_ALL.queryBoth(h.getConnection(), values(
          "contactIds", NamedSql.column(known, i -> locked[i].id()),
          "channels", NamedSql.column(arriving, Arriving::channel),
          "masked", NamedSql.column(arriving, m -> AddressMask.mask(m.address())),
          "providerIds", NamedSql.column(arriving, Arriving::providerMessageId),
          "bodies", NamedSql.column(arriving, Arriving::body)), rs -> {
            while (rs.next()) {
              inboundIds.put(rs.getLong("contact_id"), rs.getLong("id"));
            }
            return null;
          }, conversationsInto(before));
      return null;
    });
    for (int i : known) {
      long id = locked[i].id();
      received[i] = new Received(locked[i], Optional.ofNullable(inboundIds.get(id)), before.get(id));
    }
  }

  /**
   * The contacts not {@code locked} created (only their addresses are encrypted) with their
   * messages, and their conversations read, in one round trip; into {@code received}.
   */
  private static void receiveNew(Handle h, AddressKeys keys, List<Arriving> messages, String[] hashes,
      LockedContact[] locked, Received[] received) {
    List<Integer> unknown = positions(locked, false);
    Map<String, Integer> positionOf = new HashMap<>();
    for (int i : unknown) {
      positionOf.put(messages.get(i).channel() + "\n" + hashes[i], i);
    }
    Map<Integer, LockedContact> created = new HashMap<>();
    Map<Integer, Long> inboundIds = new HashMap<>();
    Map<Long, ConversationAndHandoff> before = new HashMap<>();
    run(() -> {
      INSERT_CONTACTS_RECEIVE_AND_READ.queryBoth(h.getConnection(), values(
          "channels", NamedSql.column(unknown, i -> messages.get(i).channel()),
          "hashes", NamedSql.column(unknown, i -> hashes[i]),
          "secrets", NamedSql.column(unknown, i -> keys.encrypt(messages.get(i).channel(), hashes[i],
              messages.get(i).address())),
          "keyIds", NamedSql.column(unknown, i -> keys.currentId()),
          "masked", NamedSql.column(unknown, i -> AddressMask.mask(messages.get(i).address())),
          "providerIds", NamedSql.column(unknown, i -> messages.get(i).providerMessageId()),
          "bodies", NamedSql.column(unknown, i -> messages.get(i).body())), rs -> {
            while (rs.next()) {
              int i = positionOf.get(rs.getString("c_channel") + "\n" + rs.getString("c_hash"));
              created.put(i, lockedContact(rs));
              long inbound = rs.getLong("inbound_id");
              if (!rs.wasNull()) {
                inboundIds.put(i, inbound);
              }
            }
            return null;
          }, conversationsInto(before));
      return null;
    });
    for (int i : unknown) {
      LockedContact contact = created.get(i);
      if (contact == null || !before.containsKey(contact.id())) {
        throw new StoreException("a new contact's message was not stored with its contact", null);
      }
      received[i] = new Received(contact, Optional.ofNullable(inboundIds.get(i)), before.get(contact.id()));
    }
  }

  /** Reads the rows of a query made by {@link #conversationAndHandoffOf} into {@code before}, by contact. */
  private static NamedSql.Rows<Void> conversationsInto(Map<Long, ConversationAndHandoff> before) {
    return rs -> {
      while (rs.next()) {
        before.put(rs.getLong("of_contact"), conversationAndHandoffAt(rs));
      }
      return null;
    };
  }

  /** The positions whose contact was ({@code found}) or was not found by {@link #LOCK_KNOWN_ALL}. */
  private static List<Integer> positions(LockedContact[] locked, boolean found) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < locked.length; i++) {
      if ((locked[i] != null) == found) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The results of {@link #LOCK_KNOWN_RECEIVE_AND_READ} or {@link #INSERT_CONTACT_RECEIVE_AND_READ}:
   * empty when the first statement found no contact.
   */
  private static Optional<Received> receivedAndRead(PreparedStatement executed) throws SQLException {
    Optional<Received> received;
    try (ResultSet rs = executed.getResultSet()) {
      received = received(rs);
    }
    if (received.isEmpty()) {
      return Optional.empty();
    }
    if (!executed.getMoreResults()) {
      // The message is stored already: going on as for a new contact would take it for a duplicate.
      throw new SQLException("the conversation's read returned no result");
    }
    try (ResultSet rs = executed.getResultSet()) {
      Received r = received.get();
      return Optional.of(new Received(r.contact(), r.inboundId(), conversationAndHandoff(rs)));
    }
  }

  /**
   * The contact's conversation, if any, and its open handoff as they stand before this message.
   *
   * @param openHandoffId null when no handoff is open
   */
  public record ConversationAndHandoff(Optional<StoredConversation> conversation, Long openHandoffId) {}

  private static ConversationAndHandoff conversationAndHandoff(ResultSet rs) throws SQLException {
    rs.next();
    return conversationAndHandoffAt(rs);
  }

  /** The row {@code rs} stands on, of a query made by {@link #conversationAndHandoffOf}. */
  private static ConversationAndHandoff conversationAndHandoffAt(ResultSet rs) throws SQLException {
    long handoff = rs.getLong("open_handoff_id");
    Long openHandoff = rs.wasNull() ? null : handoff;
    rs.getLong("id");
    Optional<StoredConversation> conversation = rs.wasNull() ? Optional.empty() : Optional.of(CONVERSATION.map(rs, null));
    return new ConversationAndHandoff(conversation, openHandoff);
  }

  /**
   * A contact not found under the current key while older keys are configured, locked: found
   * under an older key (and moved to the current one), or created.
   */
  private static LockedContact rekeyedOrNew(Handle h, String channel, String address, String masked) {
    long id = h.attach(ContactDao.class).upsert(channel, address, masked);
    return run(() -> LOCKED_BY_ID.query(h.getConnection(), values("id", id), InboundStore::locked)).orElseThrow();
  }

  /** The stored message's id, or empty when the channel delivered this message before. */
  private static Optional<Long> insertInbound(Handle h, long contactId, String channel, String providerMessageId,
      String body) {
    return run(() -> INSERT_INBOUND.query(h.getConnection(), values("contactId", contactId, "channel", channel,
        "providerMessageId", providerMessageId, "body", body), InboundStore::firstLong));
  }

  /** A message to the contact, stored and queued in the outbox; returns the message's id. */
  public static long insertReply(Handle h, long contactId, String channel, OutboundMessage message, Long inReplyTo) {
    return run(() -> INSERT_REPLY.query(h.getConnection(), values("contactId", contactId, "channel", channel,
        "body", message.asPlainText(), "inReplyTo", inReplyTo, "payload", Json.write(message)),
        InboundStore::firstLong)).orElseThrow();
  }

  /** A row of the first statement of {@link #andReceive}; empty when there is none. */
  private static Optional<Received> received(ResultSet rs) throws SQLException {
    Optional<LockedContact> contact = locked(rs);
    if (contact.isEmpty()) {
      return Optional.empty();
    }
    long inbound = rs.getLong("inbound_id");
    return Optional.of(new Received(contact.get(), rs.wasNull() ? Optional.empty() : Optional.of(inbound), null));
  }

  private static Optional<LockedContact> locked(ResultSet rs) throws SQLException {
    return rs.next() ? Optional.of(lockedContact(rs)) : Optional.empty();
  }

  /** The row {@code rs} stands on, of {@link ContactDao#LOCKED_COLUMNS}. */
  private static LockedContact lockedContact(ResultSet rs) throws SQLException {
    return new LockedContact(rs.getLong("id"), rs.getBoolean("opted_out"),
        new PrivacyState(rs.getBoolean("notice_shown"), rs.getBoolean("agreed"), rs.getBoolean("erasure_asked")));
  }

  private static Optional<Long> firstLong(ResultSet rs) throws SQLException {
    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
  }

  static Map<String, Object> values(Object... namesAndValues) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }

  @FunctionalInterface
  interface Statement<T> {
    T run() throws SQLException;
  }

  static <T> T run(Statement<T> statement) {
    try {
      return statement.run();
    } catch (SQLException e) {
      // The SQL state says what failed; the message may quote values (an address hash, a body).
      throw new StoreException("statement failed: SQL state " + e.getSQLState(), e);
    }
  }
}
