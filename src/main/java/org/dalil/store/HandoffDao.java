package org.dalil.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Conversations handed to volunteers. A contact has at most one open handoff. */
@RegisterConstructorMapper(Handoff.class)
public interface HandoffDao {

  /**
   * Opens a handoff, or keeps the one already open (made urgent if this one is); returns its id.
   */
  @SqlQuery("""
      INSERT INTO handoffs (conversation_id, contact_id, topic, urgent, summary)
      VALUES (:conversationId, :contactId, :topic, :urgent, :summary)
      ON CONFLICT (contact_id) WHERE closed_at IS NULL
      DO UPDATE SET urgent = handoffs.urgent OR EXCLUDED.urgent
      RETURNING id""")
  long open(long conversationId, long contactId, String topic, boolean urgent, String summary);

  /** Whether there was an open handoff to close. */
  @SqlUpdate("UPDATE handoffs SET closed_at = now() WHERE contact_id = :contactId AND closed_at IS NULL")
  boolean closeOpen(long contactId);

  @SqlQuery("""
      SELECT id, conversation_id, contact_id, topic, urgent, summary, opened_at, closed_at
      FROM handoffs WHERE contact_id = :contactId AND closed_at IS NULL""")
  Optional<Handoff> findOpen(long contactId);

  /** The volunteers' queue: urgent first, then oldest first. */
  @SqlQuery("""
      SELECT id, conversation_id, contact_id, topic, urgent, summary, opened_at, closed_at
      FROM handoffs WHERE closed_at IS NULL ORDER BY urgent DESC, opened_at, id LIMIT :limit""")
  List<Handoff> openQueue(int limit);
}
