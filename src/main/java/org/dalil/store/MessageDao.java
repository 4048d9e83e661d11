package org.dalil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Inbound and outbound messages. */
@RegisterRowMapper(MessageDao.StoredMessageMapper.class)
public interface MessageDao {

  /** An inbound message is stored once per channel message id: a second delivery inserts nothing. */
  String ONCE_PER_PROVIDER_ID = "ON CONFLICT (channel, provider_message_id) WHERE direction = 'in' DO NOTHING";

  /** The new message's id, or empty when the channel delivered this message before. */
  String INSERT_INBOUND = """
      INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)
      VALUES (:contactId, 'in', :channel, :providerMessageId, :body)
      """ + ONCE_PER_PROVIDER_ID + " RETURNING id";

  @SqlQuery(INSERT_INBOUND)
  Optional<Long> insertInbound(long contactId, String channel, String providerMessageId, String body);

  @SqlQuery("""
      SELECT id FROM messages
      WHERE direction = 'in' AND channel = :channel AND provider_message_id = :providerMessageId""")
  Optional<Long> findInbound(String channel, String providerMessageId);

  @SqlQuery("""
      INSERT INTO messages (contact_id, direction, channel, body, in_reply_to)
      VALUES (:contactId, 'out', :channel, :body, :inReplyTo)
      RETURNING id""")
  long insertOutbound(long contactId, String channel, String body, Long inReplyTo);

  /** A contact's messages, oldest first. */
  @SqlQuery("""
      SELECT id, contact_id, direction, channel, provider_message_id, body, in_reply_to, created_at
      FROM messages WHERE contact_id = :contactId ORDER BY id""")
  List<StoredMessage> forContact(long contactId);

  @SqlQuery("SELECT count(*) FROM messages WHERE contact_id = :contactId AND direction = :direction")
  int count(long contactId, String direction);

  final class StoredMessageMapper implements RowMapper<StoredMessage> {
    @Override
    public StoredMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
      long inReplyTo = rs.getLong("in_reply_to");
      Long answered = rs.wasNull() ? null : inReplyTo;
      return new StoredMessage(
          rs.getLong("id"),
          rs.getLong("contact_id"),
          Direction.fromSql(rs.getString("direction")),
          rs.getString("channel"),
          rs.getString("provider_message_id"),
          rs.getString("body"),
          answered,
          rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
    }
  }
}
