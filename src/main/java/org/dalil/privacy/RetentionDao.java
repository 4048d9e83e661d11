package org.dalil.privacy;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the retention job finds due, and the updates that clear data without deleting rows. Every
 * time is a parameter (the job's clock), never the database's {@code now()}, so that a test can
 * move time.
 */
public interface RetentionDao {

  /** Only one instance runs the job at a time; the others skip their turn (session lock, released after). */
  @SqlQuery("SELECT pg_try_advisory_lock(hashtext('dalil.retention'))")
  boolean tryLock();

  @SqlQuery("SELECT pg_advisory_unlock(hashtext('dalil.retention'))")
  boolean unlock();

  /**
   * Messages of conversations closed before {@code cutoff}: silent since, not with a volunteer, and
   * whose last handoff closed before it too; none waiting to be sent.
   */
  @SqlQuery("""
      SELECT m.id FROM messages m JOIN conversations v ON v.contact_id = m.contact_id
      WHERE v.last_activity_at < :cutoff AND v.status <> 'handoff'
        AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.contact_id = m.contact_id
                        AND (h.closed_at IS NULL OR h.closed_at >= :cutoff))
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id AND o.status IN ('pending', 'sending'))
      ORDER BY m.id LIMIT :limit""")
  List<Long> messagesDue(Instant cutoff, int limit);

  /** Notes of handoffs closed before {@code cutoff}. */
  @SqlQuery("""
      SELECT n.id FROM handoff_notes n JOIN handoffs h ON h.id = n.handoff_id
      WHERE h.closed_at < :cutoff ORDER BY n.id LIMIT :limit""")
  List<Long> notesDue(Instant cutoff, int limit);

  /** Handoffs closed before {@code cutoff} whose notes are gone (notes may be kept longer). */
  @SqlQuery("""
      SELECT h.id FROM handoffs h
      WHERE h.closed_at < :cutoff AND NOT EXISTS (SELECT 1 FROM handoff_notes n WHERE n.handoff_id = h.id)
      ORDER BY h.id LIMIT :limit""")
  List<Long> handoffsDue(Instant cutoff, int limit);

  /** Answers and paths of conversations silent (and not with a volunteer) since before {@code cutoff}. */
  @SqlUpdate("""
      UPDATE conversations v SET variables = '{}', path = '[]'
      WHERE v.last_activity_at < :cutoff AND v.status <> 'handoff' AND (v.variables <> '{}' OR v.path <> '[]')
        AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.contact_id = v.contact_id
                        AND (h.closed_at IS NULL OR h.closed_at >= :cutoff))""")
  int clearVariables(Instant cutoff);

  /** The city (an answer) and the path of handoffs closed before {@code cutoff}. */
  @SqlUpdate("""
      UPDATE handoffs SET city = NULL, summary = ''
      WHERE closed_at < :cutoff AND (city IS NOT NULL OR summary <> '')""")
  int clearHandoffAnswers(Instant cutoff);

  /** Sent and failed outbox rows (each holds a copy of the text) created before {@code cutoff}. */
  @SqlUpdate("DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < :cutoff")
  int deleteFinishedOutbox(Instant cutoff);

  /**
   * Providers' ids and delivery statuses of messages sent before {@code cutoff}: with the provider's
   * credentials, an id finds the phone number in its logs.
   */
  @SqlUpdate("""
      UPDATE messages SET provider_message_id = NULL, delivery_status = NULL, delivery_error_code = NULL,
                          delivery_status_at = NULL, segments = NULL
      WHERE direction = 'out' AND created_at < :cutoff
        AND (provider_message_id IS NOT NULL OR delivery_status IS NOT NULL OR segments IS NOT NULL)""")
  int clearDeliveryMetadata(Instant cutoff);

  @SqlUpdate("DELETE FROM delivery_receipts WHERE received_at < :cutoff")
  int deleteReceipts(Instant cutoff);

  @SqlUpdate("DELETE FROM contact_pace WHERE tat < :cutoff")
  int deletePaces(Instant cutoff);

  /**
   * Contacts silent since before {@code cutoff} (or never having written), without a handoff open or
   * closed since, not waiting for a reply to go out; locked, skipping those in use.
   */
  @SqlQuery("""
      SELECT k.id FROM contacts k LEFT JOIN conversations v ON v.contact_id = k.id
      WHERE COALESCE(v.last_activity_at, k.created_at) < :cutoff AND k.erased_at IS NULL
        AND (v.status IS NULL OR v.status <> 'handoff')
        AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.contact_id = k.id
                        AND (h.closed_at IS NULL OR h.closed_at >= :cutoff))
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.contact_id = k.id AND o.status IN ('pending', 'sending'))
      ORDER BY k.id LIMIT :limit
      FOR UPDATE OF k SKIP LOCKED""")
  List<Long> contactsDue(Instant cutoff, int limit);

  /**
   * Contacts erased at their request whose confirmation went out (or who waited since before
   * {@code graceCutoff}); locked, skipping those in use (one who writes again is no longer erased).
   */
  @SqlQuery("""
      SELECT k.id FROM contacts k
      WHERE k.erased_at IS NOT NULL
        AND (k.erased_at < :graceCutoff
             OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.contact_id = k.id AND o.status IN ('pending', 'sending')))
      ORDER BY k.id LIMIT :limit
      FOR UPDATE OF k SKIP LOCKED""")
  List<Long> erasedToFinish(Instant graceCutoff, int limit);
}
