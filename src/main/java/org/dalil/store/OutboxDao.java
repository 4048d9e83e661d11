package org.dalil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Replies waiting to be sent. Times come from the database's clock ({@code now()}) so that
 * instances with skewed clocks agree on leases and retries.
 */
@RegisterRowMapper(OutboxDao.OutboxRowMapper.class)
public interface OutboxDao {

  String COLUMNS = """
      outbox.id, outbox.message_id, outbox.contact_id, outbox.channel, outbox.payload::text AS payload,
      outbox.status, outbox.attempts, outbox.next_attempt_at, outbox.locked_until, outbox.last_error,
      outbox.created_at, outbox.sent_at""";

  default long insert(long messageId, long contactId, String channel, OutboundMessage payload) {
    return insert(messageId, contactId, channel, Json.write(payload));
  }

  @SqlQuery("""
      INSERT INTO outbox (message_id, contact_id, channel, payload)
      VALUES (:messageId, :contactId, :channel, CAST(:payload AS jsonb))
      RETURNING id""")
  long insert(long messageId, long contactId, String channel, String payload);

  /** The replies written for an inbound message, in the order they were written. */
  default List<OutboundMessage> repliesTo(long inboundMessageId) {
    return replyPayloads(inboundMessageId).stream().map(Json::outboundMessage).toList();
  }

  @SqlQuery("""
      SELECT o.payload::text FROM outbox o JOIN messages m ON m.id = o.message_id
      WHERE m.in_reply_to = :inboundMessageId ORDER BY o.id""")
  List<String> replyPayloads(long inboundMessageId);

  /**
   * Claims up to {@code limit} rows of {@code channels} that are due: pending rows whose time has
   * come, and rows left in {@code sending} past their lease by a worker that died. A row is only eligible while no
   * older row of the same contact is pending or sending, so a contact's replies leave in order
   * (and at most one row per contact is claimed at a time). Rows locked by another worker's claim
   * are skipped, not waited for.
   */
  @SqlQuery("""
      WITH due AS (
        SELECT o.id FROM outbox o
        WHERE ((o.status = 'pending' AND o.next_attempt_at <= now())
            OR (o.status = 'sending' AND o.locked_until <= now()))
          AND o.channel = ANY(:channels)
          AND NOT EXISTS (
            SELECT 1 FROM outbox older
            WHERE older.contact_id = o.contact_id AND older.id < o.id
              AND older.status IN ('pending', 'sending'))
        ORDER BY o.id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox SET status = 'sending', attempts = outbox.attempts + 1,
                        locked_until = now() + :leaseMillis * interval '1 millisecond'
      FROM due WHERE outbox.id = due.id
      RETURNING\s""" + COLUMNS)
  List<OutboxRow> claim(String[] channels, int limit, long leaseMillis);

  /** False when the claim was lost (the lease ran out and another worker took the row). */
  @SqlUpdate("""
      UPDATE outbox SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL
      WHERE id = :id AND status = 'sending' AND attempts = :attempts""")
  boolean markSent(long id, int attempts);

  @SqlUpdate("""
      UPDATE outbox SET status = 'pending', locked_until = NULL, last_error = :error,
                        next_attempt_at = now() + :delayMillis * interval '1 millisecond'
      WHERE id = :id AND status = 'sending' AND attempts = :attempts""")
  boolean retryLater(long id, int attempts, long delayMillis, String error);

  @SqlUpdate("""
      UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = :error
      WHERE id = :id AND status = 'sending' AND attempts = :attempts""")
  boolean markFailed(long id, int attempts, String error);

  @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id")
  Optional<OutboxRow> find(long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE contact_id = :contactId ORDER BY id")
  List<OutboxRow> forContact(long contactId);

  final class OutboxRowMapper implements RowMapper<OutboxRow> {
    @Override
    public OutboxRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new OutboxRow(
          rs.getLong("id"),
          rs.getLong("message_id"),
          rs.getLong("contact_id"),
          rs.getString("channel"),
          Json.outboundMessage(rs.getString("payload")),
          OutboxStatus.fromSql(rs.getString("status")),
          rs.getInt("attempts"),
          ConversationDao.StoredConversationMapper.instant(rs, "next_attempt_at"),
          ConversationDao.StoredConversationMapper.instant(rs, "locked_until"),
          rs.getString("last_error"),
          ConversationDao.StoredConversationMapper.instant(rs, "created_at"),
          ConversationDao.StoredConversationMapper.instant(rs, "sent_at"));
    }
  }
}
