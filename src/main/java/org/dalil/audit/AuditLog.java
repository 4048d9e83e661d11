package org.dalil.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The audit log: who did what to which conversation, and who read what. Written in the same
 * transaction as the action it records, so an action is never without its entry.
 */
@RegisterRowMapper(AuditLog.EntryMapper.class)
public interface AuditLog {

  default void record(Long actorId, AuditAction action, Long contactId, Long handoffId, String detail) {
    insert(actorId, action.sql(), contactId, handoffId, detail);
  }

  @SqlUpdate("""
      INSERT INTO audit_log (actor_id, action, contact_id, handoff_id, detail)
      VALUES (:actorId, :action, :contactId, :handoffId, :detail)""")
  void insert(Long actorId, String action, Long contactId, Long handoffId, String detail);

  /** The newest entries first. */
  @SqlQuery("""
      SELECT a.id, a.at, a.actor_id, v.email AS actor_email, a.action, a.contact_id, a.handoff_id, a.detail
      FROM audit_log a LEFT JOIN volunteers v ON v.id = a.actor_id
      ORDER BY a.id DESC LIMIT :limit""")
  List<AuditEntry> latest(int limit);

  @SqlQuery("""
      SELECT a.id, a.at, a.actor_id, v.email AS actor_email, a.action, a.contact_id, a.handoff_id, a.detail
      FROM audit_log a LEFT JOIN volunteers v ON v.id = a.actor_id
      WHERE a.contact_id = :contactId ORDER BY a.id""")
  List<AuditEntry> forContact(long contactId);

  final class EntryMapper implements RowMapper<AuditEntry> {
    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AuditEntry(
          rs.getLong("id"),
          rs.getObject("at", OffsetDateTime.class).toInstant(),
          (Long) rs.getObject("actor_id"),
          rs.getString("actor_email"),
          AuditAction.fromSql(rs.getString("action")),
          (Long) rs.getObject("contact_id"),
          (Long) rs.getObject("handoff_id"),
          rs.getString("detail"));
    }
  }
}
