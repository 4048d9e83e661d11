package org.dalil.handoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The inbox's SQL: the queue, ownership (claim, release, transfer, resolve), history, notes, held
 * replies and settings. Ownership changes are single conditional UPDATEs, so that two volunteers
 * (on two instances) acting at once give one owner.
 */
@RegisterRowMapper(InboxDao.SummaryMapper.class)
@RegisterRowMapper(InboxDao.HistoryMapper.class)
public interface InboxDao {

  String SUMMARY = """
      SELECT h.id, h.contact_id, COALESCE(h.channel, c.channel) AS channel, c.address_masked, h.language, h.topic,
             h.city, h.urgent, (h.urgent AND h.first_answered_at IS NULL AND h.closed_at IS NULL) AS flagged,
             h.summary, h.opened_at, h.claimed_by, v.display_name AS claimed_by_name, h.first_answered_at,
             h.follow_up_sent_at, h.closed_at, h.outcome
      FROM handoffs h
      JOIN contacts c ON c.id = h.contact_id
      LEFT JOIN volunteers v ON v.id = h.claimed_by
      """;

  /**
   * Waiting handoffs for a volunteer speaking {@code languages}: urgent first (safeguarding skips
   * the order), then those in their languages, then oldest first.
   */
  @SqlQuery(SUMMARY + """
      WHERE h.closed_at IS NULL AND h.claimed_by IS NULL
      ORDER BY h.urgent DESC, COALESCE(h.language = ANY(:languages), false) DESC, h.opened_at, h.id
      LIMIT :limit""")
  List<HandoffSummary> queue(String[] languages, int limit);

  /** Open handoffs a volunteer holds, urgent first, then oldest. */
  @SqlQuery(SUMMARY + """
      WHERE h.closed_at IS NULL AND h.claimed_by = :volunteerId
      ORDER BY h.urgent DESC, h.opened_at, h.id""")
  List<HandoffSummary> heldBy(long volunteerId);

  /** Open handoffs other volunteers hold (to read, or ask for a transfer). */
  @SqlQuery(SUMMARY + """
      WHERE h.closed_at IS NULL AND h.claimed_by IS NOT NULL AND h.claimed_by <> :volunteerId
      ORDER BY h.urgent DESC, h.opened_at, h.id LIMIT :limit""")
  List<HandoffSummary> heldByOthers(long volunteerId, int limit);

  @SqlQuery(SUMMARY + "WHERE h.id = :id")
  Optional<HandoffSummary> find(long id);

  @SqlQuery("SELECT count(*) FROM handoffs WHERE claimed_by = :volunteerId AND closed_at IS NULL")
  int caseload(long volunteerId);

  /** Serialises one volunteer's claims and transfers to them, so the cap holds exactly. */
  @SqlQuery("SELECT id FROM volunteers WHERE id = :volunteerId AND active FOR UPDATE")
  Optional<Long> lockVolunteer(long volunteerId);

  @SqlQuery("""
      UPDATE handoffs SET claimed_by = :volunteerId, claimed_at = now()
      WHERE id = :id AND claimed_by IS NULL AND closed_at IS NULL
        AND (SELECT count(*) FROM handoffs mine WHERE mine.claimed_by = :volunteerId AND mine.closed_at IS NULL) < :cap
      RETURNING contact_id""")
  Optional<Long> claim(long id, long volunteerId, int cap);

  @SqlQuery("""
      UPDATE handoffs SET claimed_by = NULL, claimed_at = NULL
      WHERE id = :id AND closed_at IS NULL AND claimed_by IS NOT NULL AND (claimed_by = :volunteerId OR :admin)
      RETURNING contact_id""")
  Optional<Long> release(long id, long volunteerId, boolean admin);

  @SqlQuery("""
      UPDATE handoffs SET claimed_by = :to, claimed_at = now()
      WHERE id = :id AND closed_at IS NULL AND claimed_by IS NOT NULL AND claimed_by <> :to
        AND (claimed_by = :from OR :admin)
        AND (SELECT count(*) FROM handoffs theirs WHERE theirs.claimed_by = :to AND theirs.closed_at IS NULL) < :cap
      RETURNING contact_id""")
  Optional<Long> transfer(long id, long from, long to, boolean admin, int cap);

  @SqlQuery("""
      UPDATE handoffs SET closed_at = now(), outcome = :outcome, closed_by = :volunteerId
      WHERE id = :id AND closed_at IS NULL AND (claimed_by = :volunteerId OR :admin)
      RETURNING contact_id""")
  Optional<Long> resolve(long id, long volunteerId, boolean admin, String outcome);

  /** The bot takes the conversation back: its next message gets the menu. */
  @SqlUpdate("""
      UPDATE conversations SET status = 'ended', flow = NULL, node = NULL, misses = 0, updated_at = now()
      WHERE contact_id = :contactId AND status = 'handoff'""")
  int returnToBot(long contactId);

  /** The handoff if this volunteer owns it and it is open; locks it until commit. */
  @SqlQuery("SELECT contact_id FROM handoffs WHERE id = :id AND closed_at IS NULL AND claimed_by = :volunteerId FOR UPDATE")
  Optional<Long> lockOwned(long id, long volunteerId);

  @SqlUpdate("UPDATE handoffs SET first_answered_at = COALESCE(first_answered_at, now()) WHERE id = :id")
  void answered(long id);

  @SqlUpdate("""
      INSERT INTO handoff_replies (message_id, handoff_id, volunteer_id) VALUES (:messageId, :handoffId, :volunteerId)""")
  void recordReply(long messageId, long handoffId, long volunteerId);

  /** Fills what the queue shows; returns whether the contact is still to be told about the wait. */
  @SqlQuery("""
      UPDATE handoffs SET channel = :channel, language = :language, city = COALESCE(:city, city),
                          acknowledged_at = COALESCE(acknowledged_at, now())
      WHERE id = :id
      RETURNING acknowledged_at = now()""")
  boolean describeOpened(long id, String channel, String language, String city);

  String OPEN_HANDOFF_OF = "SELECT id FROM handoffs WHERE contact_id = :contactId AND closed_at IS NULL";

  @SqlQuery(OPEN_HANDOFF_OF)
  Optional<Long> openHandoffOf(long contactId);

  @SqlUpdate("UPDATE handoffs SET urgent = true WHERE id = :id AND NOT urgent")
  boolean markUrgent(long id);

  // ---- history ----

  @SqlQuery("""
      SELECT m.id, CASE WHEN m.direction = 'in' THEN 'contact' WHEN r.message_id IS NOT NULL THEN 'volunteer' ELSE 'bot' END AS kind,
             m.body, m.created_at AS at, v.display_name AS author, o.status AS outbox_status,
             m.delivery_status, COALESCE(m.delivery_error_code, o.last_error) AS error
      FROM messages m
      LEFT JOIN handoff_replies r ON r.message_id = m.id
      LEFT JOIN volunteers v ON v.id = r.volunteer_id
      LEFT JOIN outbox o ON o.message_id = m.id
      WHERE m.contact_id = :contactId
      ORDER BY m.id DESC LIMIT :limit""")
  List<HistoryItem> latestMessages(long contactId, int limit);

  @SqlQuery("""
      SELECT n.id, n.handoff_id, n.kind, n.body, n.created_at, v.display_name AS author
      FROM handoff_notes n JOIN volunteers v ON v.id = n.author_id
      WHERE n.contact_id = :contactId ORDER BY n.id""")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Note.class)
  List<Note> notes(long contactId);

  @SqlQuery("""
      SELECT hr.id, 'held' AS kind, hr.body, hr.created_at AS at, v.display_name AS author,
             NULL AS outbox_status, NULL AS delivery_status, NULL AS error
      FROM held_replies hr JOIN volunteers v ON v.id = hr.volunteer_id
      WHERE hr.contact_id = :contactId AND hr.released_at IS NULL ORDER BY hr.id""")
  List<HistoryItem> heldReplies(long contactId);

  @SqlQuery("SELECT max(created_at) FROM messages WHERE contact_id = :contactId AND direction = 'in'")
  Optional<Instant> lastInbound(long contactId);

  @SqlUpdate("""
      INSERT INTO handoff_notes (handoff_id, contact_id, author_id, kind, body)
      VALUES (:handoffId, :contactId, :authorId, :kind, :body)""")
  void addNote(long handoffId, long contactId, long authorId, String kind, String body);

  // ---- held replies ----

  @SqlQuery("""
      INSERT INTO held_replies (handoff_id, contact_id, volunteer_id, body, language)
      VALUES (:handoffId, :contactId, :volunteerId, :body, :language) RETURNING id""")
  long hold(long handoffId, long contactId, long volunteerId, String body, String language);

  /**
   * Whether the contact was already asked to write back for a reply still waiting, and that request
   * has not failed: a failed one (template refused, number unreachable) is asked again.
   */
  @SqlQuery("""
      SELECT EXISTS (SELECT 1 FROM held_replies hr LEFT JOIN messages m ON m.id = hr.template_message_id
                     WHERE hr.contact_id = :contactId AND hr.released_at IS NULL
                       AND hr.template_requested_at IS NOT NULL
                       AND m.delivery_status IS DISTINCT FROM 'failed'
                       AND m.delivery_status IS DISTINCT FROM 'undelivered')""")
  boolean templateRequested(long contactId);

  @SqlUpdate("UPDATE held_replies SET template_requested_at = now(), template_message_id = :messageId WHERE id = :id")
  void templateRequestedFor(long id, long messageId);

  record HeldReply(long id, long handoffId, long volunteerId, String body, String language) {}

  /** Takes the contact's waiting replies, oldest first; they are marked released in the same transaction. */
  // RETURNING gives rows in the order the table stores them, not the subquery's: a held reply
  // updated since (the template asked) comes back after later ones unless sorted here.
  @SqlQuery("""
      WITH released AS (
        UPDATE held_replies SET released_at = now()
        WHERE id IN (SELECT id FROM held_replies WHERE contact_id = :contactId AND released_at IS NULL
                     ORDER BY id FOR UPDATE)
        RETURNING id, handoff_id, volunteer_id, body, language)
      SELECT * FROM released ORDER BY id""")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(HeldReply.class)
  List<HeldReply> releaseHeld(long contactId);

  @SqlUpdate("UPDATE held_replies SET message_id = :messageId WHERE id = :id")
  void heldSent(long id, long messageId);

  // ---- jobs ----

  record Waiting(long id, long contactId, boolean urgent, Instant openedAt) {}

  /** Unclaimed, unanswered handoffs without a follow-up yet, opened at least {@code minAgeSeconds} ago. */
  @SqlQuery("""
      SELECT id, contact_id, urgent, opened_at FROM handoffs
      WHERE closed_at IS NULL AND claimed_by IS NULL AND follow_up_sent_at IS NULL AND first_answered_at IS NULL
        AND opened_at <= now() - :minAgeSeconds * interval '1 second'
      ORDER BY id LIMIT 100""")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Waiting.class)
  List<Waiting> followUpCandidates(long minAgeSeconds);

  /** Takes the right to send the follow-up: true for exactly one instance. */
  @SqlUpdate("""
      UPDATE handoffs SET follow_up_sent_at = now()
      WHERE id = :id AND follow_up_sent_at IS NULL AND claimed_by IS NULL AND closed_at IS NULL
        AND first_answered_at IS NULL""")
  boolean takeFollowUp(long id);

  record UrgentWaiting(long id, String topic, String language, String channel, Instant openedAt) {}

  /** Takes urgent handoffs not yet alerted; each instance gets different ones. */
  @SqlQuery("""
      UPDATE handoffs SET urgent_alerted_at = now(), urgent_alert_attempts = urgent_alert_attempts + 1
      WHERE id IN (SELECT id FROM handoffs
                   WHERE urgent AND closed_at IS NULL AND urgent_alerted_at IS NULL AND urgent_alert_attempts < :maxAttempts
                   ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
      RETURNING id, topic, language, channel, opened_at""")
  @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(UrgentWaiting.class)
  List<UrgentWaiting> takeUrgentAlerts(int maxAttempts);

  /** The alert could not be sent: the next round tries again. */
  @SqlUpdate("UPDATE handoffs SET urgent_alerted_at = NULL WHERE id = :id")
  void urgentAlertFailed(long id);

  /** Expired sign-ins and old login failures: nothing to keep once they no longer count. */
  @SqlUpdate("""
      WITH s AS (DELETE FROM volunteer_sessions WHERE expires_at <= now())
      DELETE FROM login_throttle
      WHERE window_started_at < now() - interval '1 day' AND (locked_until IS NULL OR locked_until < now())""")
  void deleteExpiredSignIns();

  // ---- settings ----

  @SqlQuery("SELECT name, value FROM inbox_settings")
  @KeyColumn("name")
  @ValueColumn("value")
  Map<String, String> settingRows();

  @SqlUpdate("""
      INSERT INTO inbox_settings (name, value, updated_by) VALUES (:name, :value, :by)
      ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()""")
  void saveSetting(String name, String value, Long by);

  // ---- mappers ----

  final class SummaryMapper implements RowMapper<HandoffSummary> {
    @Override
    public HandoffSummary map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new HandoffSummary(
          rs.getLong("id"),
          rs.getLong("contact_id"),
          rs.getString("channel"),
          rs.getString("address_masked"),
          rs.getString("language"),
          rs.getString("topic"),
          rs.getString("city"),
          rs.getBoolean("urgent"),
          rs.getBoolean("flagged"),
          rs.getString("summary"),
          instant(rs, "opened_at"),
          (Long) rs.getObject("claimed_by"),
          rs.getString("claimed_by_name"),
          instant(rs, "first_answered_at"),
          instant(rs, "follow_up_sent_at"),
          instant(rs, "closed_at"),
          rs.getString("outcome"));
    }
  }

  final class HistoryMapper implements RowMapper<HistoryItem> {
    @Override
    public HistoryItem map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new HistoryItem(
          rs.getLong("id"),
          HistoryItem.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
          rs.getString("body"),
          instant(rs, "at"),
          rs.getString("author"),
          rs.getString("outbox_status"),
          rs.getString("delivery_status"),
          rs.getString("error"));
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
