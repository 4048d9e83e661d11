package org.dalil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.SendResult;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the providers say about outbound messages: their ids, segments and delivery statuses.
 *
 * <p>A status only moves forward ({@link DeliveryStatus#rank()}). A status callback and the
 * recording of the provider id it refers to serialise on a transaction-scoped advisory lock on
 * (channel, provider id), so a callback faster than our commit is kept ({@code delivery_receipts})
 * and applied when the id is recorded, never lost between the two.
 */
@RegisterRowMapper(DeliveryDao.DeliveryMapper.class)
public interface DeliveryDao extends SqlObject {

  /** What became of a status callback. */
  enum Update {
    /** The message's status moved forward. */
    UPDATED,
    /** The message already had this status or a later one: nothing changed. */
    NOT_NEWER,
    /** No message has this provider id (yet): kept, and applied if the id is recorded later. */
    KEPT_FOR_LATER
  }

  /**
   * Applies a provider's status callback (Twilio's status callback) to the outbound message it
   * names, unless the message already has this status or a later one.
   *
   * @param errorCode the provider's error code for {@code failed} / {@code undelivered}, or null
   */
  default Update updateDeliveryStatus(String channel, String providerMessageId, DeliveryStatus status, String errorCode) {
    return Transactions.atomically(getHandle(), () -> {
      lockProviderId(channel, providerMessageId);
      if (moveForward(channel, providerMessageId, status.sql(), sqlNames(status.replaces()), errorCode) > 0) {
        return Update.UPDATED;
      }
      if (outboundExists(channel, providerMessageId)) {
        return Update.NOT_NEWER;
      }
      keepReceipt(channel, providerMessageId, status.sql(), errorCode);
      return Update.KEPT_FOR_LATER;
    });
  }

  /** A message the provider accepted, and what it said. */
  record SentMessage(long messageId, String channel, SendResult result) {}

  /**
   * Records the providers' answers to sends (ids, segments, first statuses), then applies the
   * status callbacks that arrived for them first. Call within the transaction that marks the
   * outbox rows sent.
   */
  default void recordSent(List<SentMessage> sent) {
    if (sent.isEmpty()) {
      return;
    }
    List<SentMessage> withIds = sent.stream().filter(m -> m.result().providerMessageId() != null).toList();
    String[] channels = withIds.stream().map(SentMessage::channel).toArray(String[]::new);
    String[] providerIds = withIds.stream().map(m -> m.result().providerMessageId()).toArray(String[]::new);
    if (!withIds.isEmpty()) {
      lockProviderIds(channels, providerIds);
    }
    setSent(
        sent.stream().mapToLong(SentMessage::messageId).toArray(),
        sent.stream().map(m -> m.result().providerMessageId()).toArray(String[]::new),
        sent.stream().map(m -> m.result().segments() > 0 ? m.result().segments() : null).toArray(Integer[]::new),
        sent.stream().map(m -> m.result().status().sql()).toArray(String[]::new));
    if (withIds.isEmpty()) {
      return;
    }
    for (Receipt r : takeReceipts(channels, providerIds)) {
      DeliveryStatus status = DeliveryStatus.fromSql(r.status());
      moveForward(r.channel(), r.providerMessageId(), status.sql(), sqlNames(status.replaces()), r.errorCode());
    }
  }

  /** {@link #recordSent(List)} for one message. */
  default void recordSent(long messageId, String channel, SendResult result) {
    recordSent(List.of(new SentMessage(messageId, channel, result)));
  }

  /** The outbox gave up on the message: failed, with the provider's error code if it gave one. */
  @SqlUpdate("""
      UPDATE messages SET delivery_status = 'failed', delivery_error_code = :errorCode, delivery_status_at = now()
      WHERE id = :messageId""")
  void recordFailed(long messageId, String errorCode);

  /** Held until the transaction ends; serialises a callback with the recording of its message's id. */
  @SqlQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(:channel || ' ' || :providerMessageId, 20240601))")
  int lockProviderId(String channel, String providerMessageId);

  /** {@link #lockProviderId} for several ids at once, in a fixed order so that two batches never deadlock. */
  @SqlQuery("""
      SELECT count(*) FROM (
        SELECT pg_advisory_xact_lock(k) FROM (
          SELECT DISTINCT hashtextextended(u.channel || ' ' || u.provider_id, 20240601) AS k
          FROM unnest(CAST(:channels AS text[]), CAST(:providerIds AS text[])) AS u(channel, provider_id)
          ORDER BY k) keys) locked""")
  long lockProviderIds(String[] channels, String[] providerIds);

  /** One statement per message by its key, in one JDBC batch, as {@link OutboxDao#markRowsSent} does and for its reason. */
  @SqlBatch("""
      UPDATE messages SET provider_message_id = :providerId, segments = :segments, delivery_status = :status,
                          delivery_error_code = NULL, delivery_status_at = now()
      WHERE id = :messageId AND direction = 'out'""")
  void setSent(long[] messageId, String[] providerId, Integer[] segments, String[] status);

  @SqlUpdate("""
      UPDATE messages SET delivery_status = :status, delivery_error_code = :errorCode, delivery_status_at = now()
      WHERE direction = 'out' AND channel = :channel AND provider_message_id = :providerMessageId
        AND (delivery_status IS NULL OR delivery_status = ANY(:olderStatuses))""")
  int moveForward(String channel, String providerMessageId, String status, String[] olderStatuses, String errorCode);

  @SqlQuery("""
      SELECT EXISTS (SELECT 1 FROM messages
                     WHERE direction = 'out' AND channel = :channel AND provider_message_id = :providerMessageId)""")
  boolean outboundExists(String channel, String providerMessageId);

  @SqlUpdate("""
      INSERT INTO delivery_receipts (channel, provider_message_id, status, error_code)
      VALUES (:channel, :providerMessageId, :status, :errorCode)""")
  void keepReceipt(String channel, String providerMessageId, String status, String errorCode);

  @SqlQuery("""
      DELETE FROM delivery_receipts r
      USING unnest(CAST(:channels AS text[]), CAST(:providerIds AS text[])) AS u(channel, provider_id)
      WHERE r.channel = u.channel AND r.provider_message_id = u.provider_id
      RETURNING r.channel, r.provider_message_id, r.status, r.error_code""")
  @RegisterRowMapper(ReceiptMapper.class)
  List<Receipt> takeReceipts(String[] channels, String[] providerIds);

  /** Callbacks about messages that never got recorded (sent by something else, or lost in a crash). */
  @SqlUpdate("DELETE FROM delivery_receipts WHERE received_at < now() - :olderThanMinutes * interval '1 minute'")
  int purgeReceipts(long olderThanMinutes);

  /** What the providers said about an outbound message, or empty when it is not one. */
  @SqlQuery("""
      SELECT id, channel, provider_message_id, segments, delivery_status, delivery_error_code, delivery_status_at
      FROM messages WHERE id = :messageId AND direction = 'out'""")
  Optional<Delivery> find(long messageId);

  @SqlQuery("""
      SELECT id, channel, provider_message_id, segments, delivery_status, delivery_error_code, delivery_status_at
      FROM messages WHERE direction = 'out' AND channel = :channel AND provider_message_id = :providerMessageId
      ORDER BY id""")
  List<Delivery> findByProviderId(String channel, String providerMessageId);

  private static String[] sqlNames(List<DeliveryStatus> statuses) {
    return statuses.stream().map(DeliveryStatus::sql).toArray(String[]::new);
  }

  record Receipt(String channel, String providerMessageId, String status, String errorCode) {}

  final class ReceiptMapper implements RowMapper<Receipt> {
    @Override
    public Receipt map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Receipt(rs.getString("channel"), rs.getString("provider_message_id"), rs.getString("status"),
          rs.getString("error_code"));
    }
  }

  final class DeliveryMapper implements RowMapper<Delivery> {
    @Override
    public Delivery map(ResultSet rs, StatementContext ctx) throws SQLException {
      int segments = rs.getInt("segments");
      Integer knownSegments = rs.wasNull() ? null : segments;
      String status = rs.getString("delivery_status");
      return new Delivery(
          rs.getLong("id"),
          rs.getString("channel"),
          rs.getString("provider_message_id"),
          knownSegments,
          status == null ? null : DeliveryStatus.fromSql(status),
          rs.getString("delivery_error_code"),
          ConversationDao.StoredConversationMapper.instant(rs, "delivery_status_at"));
    }
  }
}
