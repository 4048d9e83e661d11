package org.dalil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The current conversation of each contact (one row per contact). */
@RegisterRowMapper(ConversationDao.StoredConversationMapper.class)
public interface ConversationDao {

  String FIND = """
      SELECT id, contact_id, flow_version, flow, node, language, variables::text AS variables,
             misses, status, path::text AS path, started_at, last_activity_at
      FROM conversations WHERE contact_id = :contactId""";

  /** The contact's one conversation takes the new state (an insert of a second one becomes this update). */
  String REPLACED = """
      ON CONFLICT (contact_id) DO UPDATE SET
        flow_version = EXCLUDED.flow_version, flow = EXCLUDED.flow, node = EXCLUDED.node,
        language = EXCLUDED.language, variables = EXCLUDED.variables, misses = EXCLUDED.misses,
        status = EXCLUDED.status, path = EXCLUDED.path, started_at = EXCLUDED.started_at,
        last_activity_at = EXCLUDED.last_activity_at, updated_at = now()
      """;

  String UPSERT = """
      INSERT INTO conversations (contact_id, flow_version, flow, node, language, variables, misses,
                                 status, path, started_at, last_activity_at, updated_at)
      VALUES (:contactId, :version, :flow, :node, :language, CAST(:variables AS jsonb), :misses,
              :status, CAST(:path AS jsonb), :startedAt, :lastActivityAt, now())
      """ + REPLACED + "RETURNING id";

  @SqlQuery(FIND)
  Optional<StoredConversation> find(long contactId);

  /** Stores the state as the contact's current conversation; returns the conversation's id. */
  default long save(long contactId, ConversationState state) {
    return upsert(
        contactId,
        state.version(),
        state.flow(),
        state.node(),
        state.language(),
        Json.write(state.variables()),
        state.misses(),
        state.status().name().toLowerCase(Locale.ROOT),
        Json.write(state.path()),
        state.startedAt(),
        state.lastActivityAt());
  }

  @SqlQuery(UPSERT)
  long upsert(
      long contactId,
      String version,
      String flow,
      String node,
      String language,
      String variables,
      int misses,
      String status,
      String path,
      Instant startedAt,
      Instant lastActivityAt);

  final class StoredConversationMapper implements RowMapper<StoredConversation> {
    @Override
    public StoredConversation map(ResultSet rs, StatementContext ctx) throws SQLException {
      ConversationState state = new ConversationState(
          rs.getString("flow_version"),
          rs.getString("flow"),
          rs.getString("node"),
          rs.getString("language"),
          Json.stringMap(rs.getString("variables")),
          rs.getInt("misses"),
          ConversationState.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
          instant(rs, "started_at"),
          instant(rs, "last_activity_at"),
          Json.stringList(rs.getString("path")));
      return new StoredConversation(rs.getLong("id"), rs.getLong("contact_id"), state);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
      OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
      return t == null ? null : t.toInstant();
    }
  }
}
