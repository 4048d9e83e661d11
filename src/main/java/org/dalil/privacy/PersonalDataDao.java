package org.dalil.privacy;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Finding, counting and deleting what Dalil keeps about contacts: the SQL of the erasure and of
 * the retention job. Every deletion first adds its rows to the anonymous tombstone counts (day,
 * channel, language, topic, kind), and takes along the rows that depend on what it deletes.
 */
public interface PersonalDataDao {

  // ---- what belongs to one contact ----

  @SqlQuery("SELECT id FROM messages WHERE contact_id = :contactId AND id <> :keep ORDER BY id")
  List<Long> messagesOf(long contactId, long keep);

  @SqlQuery("SELECT id FROM handoffs WHERE contact_id = :contactId ORDER BY id")
  List<Long> handoffsOf(long contactId);

  @SqlQuery("SELECT id FROM handoff_notes WHERE contact_id = :contactId ORDER BY id")
  List<Long> notesOf(long contactId);

  /** Locks the contact's row (as the conversation service does); false when it is gone. */
  @SqlQuery("SELECT count(*) > 0 FROM (SELECT id FROM contacts WHERE id = :contactId FOR UPDATE) c")
  boolean lockContact(long contactId);

  // ---- tombstones ----

  String ADD_COUNTS = """
      ON CONFLICT (day, channel, language, topic, kind) DO UPDATE SET count = tombstones.count + EXCLUDED.count""";

  @SqlUpdate("""
      INSERT INTO tombstones (day, channel, language, topic, kind, count)
      SELECT (m.created_at AT TIME ZONE 'UTC')::date, m.channel, COALESCE(k.language, v.language, ''),
             COALESCE(v.variables->>'topic',
                      (SELECT h.topic FROM handoffs h WHERE h.contact_id = m.contact_id ORDER BY h.id DESC LIMIT 1), ''),
             'message_' || m.direction, count(*)
      FROM messages m JOIN contacts k ON k.id = m.contact_id LEFT JOIN conversations v ON v.contact_id = m.contact_id
      WHERE m.id = ANY(:ids)
      GROUP BY 1, 2, 3, 4, 5
      """ + ADD_COUNTS)
  void countMessages(long[] ids);

  @SqlUpdate("""
      INSERT INTO tombstones (day, channel, language, topic, kind, count)
      SELECT (h.opened_at AT TIME ZONE 'UTC')::date, COALESCE(h.channel, k.channel), COALESCE(h.language, k.language, ''),
             h.topic, 'handoff', count(*)
      FROM handoffs h JOIN contacts k ON k.id = h.contact_id
      WHERE h.id = ANY(:ids)
      GROUP BY 1, 2, 3, 4
      """ + ADD_COUNTS)
  void countHandoffs(long[] ids);

  @SqlUpdate("""
      INSERT INTO tombstones (day, channel, language, topic, kind, count)
      SELECT (n.created_at AT TIME ZONE 'UTC')::date, COALESCE(h.channel, k.channel), COALESCE(h.language, k.language, ''),
             h.topic, 'note', count(*)
      FROM handoff_notes n JOIN handoffs h ON h.id = n.handoff_id JOIN contacts k ON k.id = n.contact_id
      WHERE n.id = ANY(:ids)
      GROUP BY 1, 2, 3, 4
      """ + ADD_COUNTS)
  void countNotes(long[] ids);

  @SqlUpdate("""
      INSERT INTO tombstones (day, channel, language, topic, kind, count)
      SELECT (k.created_at AT TIME ZONE 'UTC')::date, k.channel, COALESCE(k.language, ''),
             COALESCE(v.variables->>'topic', ''), 'contact', count(*)
      FROM contacts k LEFT JOIN conversations v ON v.contact_id = k.id
      WHERE k.id = ANY(:ids)
      GROUP BY 1, 2, 3, 4
      """ + ADD_COUNTS)
  void countContacts(long[] ids);

  // ---- deletions ----

  /** Deletes messages with their outbox rows, receipts and released held replies; counts them first. */
  default int deleteMessages(long[] ids) {
    if (ids.length == 0) {
      return 0;
    }
    countMessages(ids);
    deleteReceiptsOf(ids);
    deleteHandoffRepliesOfMessages(ids);
    deleteHeldRepliesOfMessages(ids);
    deleteOutboxOf(ids);
    unlinkReplies(ids);
    return deleteMessageRows(ids);
  }

  @SqlUpdate("""
      DELETE FROM delivery_receipts r USING messages m
      WHERE m.id = ANY(:ids) AND m.provider_message_id IS NOT NULL
        AND r.channel = m.channel AND r.provider_message_id = m.provider_message_id""")
  void deleteReceiptsOf(long[] ids);

  @SqlUpdate("DELETE FROM handoff_replies WHERE message_id = ANY(:ids)")
  void deleteHandoffRepliesOfMessages(long[] ids);

  @SqlUpdate("DELETE FROM held_replies WHERE message_id = ANY(:ids)")
  void deleteHeldRepliesOfMessages(long[] ids);

  @SqlUpdate("DELETE FROM outbox WHERE message_id = ANY(:ids)")
  void deleteOutboxOf(long[] ids);

  /** A message kept that answered one deleted (the erasure's confirmation answers the kept request). */
  @SqlUpdate("UPDATE messages SET in_reply_to = NULL WHERE in_reply_to = ANY(:ids) AND NOT (id = ANY(:ids))")
  void unlinkReplies(long[] ids);

  @SqlUpdate("DELETE FROM messages WHERE id = ANY(:ids)")
  int deleteMessageRows(long[] ids);

  /** Deletes handoffs with their replies' links, held replies and notes; the audit log forgets them. */
  default int deleteHandoffs(long[] ids) {
    if (ids.length == 0) {
      return 0;
    }
    countHandoffs(ids);
    deleteHandoffReplies(ids);
    deleteHeldReplies(ids);
    deleteNotes(notesOfHandoffs(ids).stream().mapToLong(Long::longValue).toArray());
    forgetHandoffsInAudit(ids);
    return deleteHandoffRows(ids);
  }

  @SqlQuery("SELECT id FROM handoff_notes WHERE handoff_id = ANY(:ids)")
  List<Long> notesOfHandoffs(long[] ids);

  @SqlUpdate("DELETE FROM handoff_replies WHERE handoff_id = ANY(:ids)")
  void deleteHandoffReplies(long[] ids);

  @SqlUpdate("DELETE FROM held_replies WHERE handoff_id = ANY(:ids)")
  void deleteHeldReplies(long[] ids);

  /** Audit entries stay (who did what, when) but no longer point at what is gone. */
  @SqlUpdate("UPDATE audit_log SET handoff_id = NULL WHERE handoff_id = ANY(:ids)")
  void forgetHandoffsInAudit(long[] ids);

  @SqlUpdate("DELETE FROM handoffs WHERE id = ANY(:ids)")
  int deleteHandoffRows(long[] ids);

  /** Deletes notes; counts them first. */
  default int deleteNotes(long[] ids) {
    if (ids.length == 0) {
      return 0;
    }
    countNotes(ids);
    return deleteNoteRows(ids);
  }

  @SqlUpdate("DELETE FROM handoff_notes WHERE id = ANY(:ids)")
  int deleteNoteRows(long[] ids);

  // ---- the contact's own rows ----

  @SqlUpdate("DELETE FROM conversations WHERE contact_id = :contactId")
  int deleteConversation(long contactId);

  @SqlUpdate("DELETE FROM contact_pace WHERE contact_id = :contactId")
  void deletePace(long contactId);

  @SqlUpdate("DELETE FROM held_replies WHERE contact_id = :contactId")
  void deleteHeldRepliesOfContact(long contactId);

  @SqlUpdate("DELETE FROM outbox WHERE contact_id = :contactId")
  void deleteOutboxOfContact(long contactId);

  @SqlUpdate("UPDATE audit_log SET contact_id = NULL WHERE contact_id = :contactId")
  void forgetContactInAudit(long contactId);

  @SqlUpdate("DELETE FROM contacts WHERE id = :contactId")
  int deleteContactRow(long contactId);

  /**
   * A contact erased at their request: nothing about them is left on the row but the protected
   * address, kept until the confirmation is sent; consent must be asked again if they write.
   */
  @SqlUpdate("""
      UPDATE contacts SET language = NULL, opted_out_at = NULL, notice_shown_at = NULL, consented_at = NULL,
                          erasure_asked_at = NULL, erased_at = :at
      WHERE id = :contactId""")
  void markErased(long contactId, Instant at);

  /** The message that asked for the erasure stays only as an id (so a provider's retry is not taken for a new one). */
  @SqlUpdate("UPDATE messages SET body = '', input_kind = NULL WHERE id = :messageId")
  void blank(long messageId);
}
