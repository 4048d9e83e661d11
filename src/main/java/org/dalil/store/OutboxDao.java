package org.dalil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendResult;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Replies waiting to be sent. Times come from the database's clock ({@code now()}) so that
 * instances with skewed clocks agree on leases, retries and rate limits.
 *
 * <p>A worker's claim is identified by the row's {@code attempts} after the claim: the outcome of
 * a send is only recorded while the row is still {@code sending} with that count, so a worker
 * whose lease ran out (and whose row another worker took over) cannot overwrite the new claim.
 */
@RegisterRowMapper(OutboxDao.OutboxRowMapper.class)
public interface OutboxDao extends SqlObject {

  /** Unqualified, so that they read from {@code outbox} or from a CTE of its rows alike. */
  String COLUMNS = """
      id, message_id, contact_id, channel, payload::text AS payload, status, attempts, next_attempt_at,
      locked_until, last_error, created_at, sent_at, takeovers, first_claimed_at""";

  @CreateSqlObject
  DeliveryDao delivery();

  /** A message to the contact and its outbox row, in one statement; returns the message's id. */
  String INSERT_REPLY = """
      WITH m AS (
        INSERT INTO messages (contact_id, direction, channel, body, in_reply_to)
        VALUES (:contactId, 'out', :channel, :body, :inReplyTo)
        RETURNING id)
      INSERT INTO outbox (message_id, contact_id, channel, payload)
      SELECT id, :contactId, :channel, CAST(:payload AS jsonb) FROM m
      RETURNING message_id""";

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
   * The claim's walk: the due rows of a channel that are their contact's oldest unfinished row, in
   * the outbox's order, as far as the limit: an ordered scan of {@code outbox_channel_unfinished_idx}
   * that stops there (see {@link #steerClaimPlan}). "The contact's oldest unfinished row" is a probe
   * of {@code outbox_contact_unfinished_idx} per row walked, not {@code NOT EXISTS} an older one: on
   * stale statistics the planner ran that anti-join as a scan of every unfinished row for each row
   * (issue 9: 0.8 s for a claim behind a backlog of 1,500 rows). The probe is ordered by that index's
   * own key, which no other index gives: as {@code min(id)}, on statistics that believed both
   * unfinished rows' indexes empty, the planner served it with a scan of the whole channel's.
   */
  String CLAIM_WALK = """
      WITH due AS (
        SELECT o.id, o.status AS previous_status FROM outbox o
        WHERE o.channel = :channel
          AND o.status IN ('pending', 'sending')
          AND CASE o.status WHEN 'pending' THEN o.next_attempt_at <= now() ELSE o.locked_until <= now() END
          AND o.id = (
            SELECT older.id FROM outbox older
            WHERE older.contact_id = o.contact_id AND older.status IN ('pending', 'sending')
            ORDER BY older.contact_id, older.id LIMIT 1)
      """;

  /** The walk's condition for a per-contact pace: the contact's tat is not too far ahead. */
  String CLAIM_PACE_CONDITION = """
          AND NOT EXISTS (
            SELECT 1 FROM contact_pace p
            WHERE p.contact_id = o.contact_id
              AND p.tat > now() + :contactToleranceMicros * interval '1 microsecond')
      """;

  String CLAIM_UPDATE = """
        ORDER BY o.id
        LIMIT :limit
        FOR UPDATE OF o SKIP LOCKED
      ), claimed AS (
        UPDATE outbox SET status = 'sending', attempts = outbox.attempts + 1,
                          takeovers = outbox.takeovers + CASE WHEN due.previous_status = 'sending' THEN 1 ELSE 0 END,
                          first_claimed_at = coalesce(outbox.first_claimed_at, now()),
                          locked_until = now() + :leaseMillis * interval '1 millisecond'
        FROM due WHERE outbox.id = due.id
        RETURNING outbox.*
      )
      """;

  /** Each claim pushes its contact's tat one interval on. */
  String CLAIM_PACE_UPDATE = """
      , paced AS (
        INSERT INTO contact_pace (contact_id, tat)
        SELECT contact_id, now() + :contactIntervalMicros * interval '1 microsecond' FROM claimed
        ON CONFLICT (contact_id) DO UPDATE
          SET tat = greatest(contact_pace.tat, now()) + :contactIntervalMicros * interval '1 microsecond'
      )
      """;

  String CLAIM_RESULT = "SELECT " + COLUMNS + " FROM claimed ORDER BY id";

  /** The SQL of {@link #claim(String, int, long)}, also for the test of its plan. */
  String CLAIM = CLAIM_WALK + CLAIM_UPDATE + CLAIM_RESULT;

  /** The SQL of {@link #claim(String, int, long, long, long)} with a per-contact pace. */
  String CLAIM_PACED = CLAIM_WALK + CLAIM_PACE_CONDITION + CLAIM_UPDATE + CLAIM_PACE_UPDATE + CLAIM_RESULT;

  /**
   * Claims up to {@code limit} due rows of one channel: pending rows whose time has come, and rows
   * left in {@code sending} past their lease by a worker that died (counted in {@code takeovers}).
   *
   * <p>A row is only eligible while no older row of the same contact is pending or sending, so a
   * contact's replies leave in order and at most one row per contact is claimed or in flight at a
   * time, across every instance. Rows locked by another worker's claim are skipped, not waited for.
   *
   * <p>With {@code contactIntervalMicros > 0}, a contact also waits for its pace ({@code
   * contact_pace}, a GCRA: a contact may receive while its tat is at most {@code
   * contactToleranceMicros} ahead of now), and each claim pushes the contact's tat one interval on.
   */
  default List<OutboxRow> claim(String channel, int limit, long leaseMillis, long contactIntervalMicros, long contactToleranceMicros) {
    return Transactions.atomically(getHandle(), () -> {
      steerClaimPlan();
      return contactIntervalMicros > 0
          ? claimPaced(channel, limit, leaseMillis, contactIntervalMicros, contactToleranceMicros)
          : claimUnpaced(channel, limit, leaseMillis);
    });
  }

  /** {@link #claim(String, int, long, long, long)} without a per-contact pace. */
  default List<OutboxRow> claim(String channel, int limit, long leaseMillis) {
    return claim(channel, limit, leaseMillis, 0, 0);
  }

  @SqlQuery(CLAIM)
  List<OutboxRow> claimUnpaced(String channel, int limit, long leaseMillis);

  @SqlQuery(CLAIM_PACED)
  List<OutboxRow> claimPaced(String channel, int limit, long leaseMillis, long contactIntervalMicros, long contactToleranceMicros);

  /**
   * For the rest of the transaction, each part of the claim has one plan the planner may choose:
   * no sequential or bitmap scan and no sort, so the walk is the ordered scan of the channel's
   * unfinished rows that stops at the limit, and each probe the first entry of the contact's. Left
   * to the planner, a plan made while the outbox was small (a prepared statement keeps it until the
   * table is next analyzed) was a bitmap scan of every due row, probing each one's contact before
   * sorting them to keep 32 (issue 9: 821 buffers a claim); on statistics that believed the
   * unfinished rows' indexes empty, it probed by a scan of the channel's whole index. A bitmap scan
   * also never marks the dead entries it meets, so the indexes it read grew with every row ever sent
   * until a vacuum; an index scan marks them as it passes. The final sort of the claimed rows, which
   * has no other plan, stays. {@code jit} is off because the planner prices a disabled plan at
   * 10^10, which would have the server compile the claim (0.2–0.4 s) at every run.
   */
  @SqlQuery("""
      SELECT concat(set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                    set_config('enable_sort', 'off', true), set_config('jit', 'off', true))""")
  String steerClaimPlan();

  /** A claimed row whose message the provider accepted: {@code attempts} identifies the claim. */
  record Sent(long id, int attempts, String channel, SendResult result) {}

  /**
   * Records, in one transaction, that the provider accepted these rows' messages: each row becomes
   * {@code sent} and its message gets the provider's id, segments and first status. Status
   * callbacks that arrived before this commit are applied now.
   *
   * @return the rows recorded; a row missing from it had lost its claim (its lease ran out and
   *     another worker took it over), and nothing was recorded for it
   */
  default Set<Long> markSent(List<Sent> sent) {
    return markSent(sent, delivery());
  }

  /** {@link #markSent(List)} with a {@link DeliveryDao} the caller attached already (to the same handle). */
  default Set<Long> markSent(List<Sent> sent, DeliveryDao delivery) {
    if (sent.isEmpty()) {
      return Set.of();
    }
    return Transactions.atomically(getHandle(), () -> {
      Map<Long, Long> messageByRow = new HashMap<>();
      for (RowMessage r : markRowsSent(sent.stream().mapToLong(Sent::id).toArray(),
          sent.stream().mapToInt(Sent::attempts).toArray(), OutboxStatus.SENDING.sql())) {
        messageByRow.put(r.id(), r.messageId());
      }
      delivery.recordSent(sent.stream()
          .filter(s -> messageByRow.containsKey(s.id()))
          .map(s -> new DeliveryDao.SentMessage(messageByRow.get(s.id()), s.channel(), s.result()))
          .toList());
      return messageByRow.keySet();
    });
  }

  /** {@link #markSent(List)} for one row; false when its claim was lost. */
  default boolean markSent(long id, int attempts, String channel, SendResult result) {
    return markSent(List.of(new Sent(id, attempts, channel, result))).contains(id);
  }

  /** {@link #markSent(long, int, String, SendResult)} for a sender that says nothing more. */
  default boolean markSent(long id, int attempts) {
    return markSent(List.of(new Sent(id, attempts, "", SendResult.accepted()))).contains(id);
  }

  record RowMessage(long id, long messageId) {}

  /**
   * Each row still in the claim that sent it ({@code sending}, the same attempt) becomes {@code
   * sent}: one statement per row, sent together (a JDBC batch, one round trip). A statement per row
   * by its key has no plan to go wrong: the one statement over an array of rows kept a plan made
   * when the outbox was small, which read every row ever {@code sending} (6,764 buffers to mark 5
   * rows, issue 9); planned at every run instead, it cost the one thread that records sends half a
   * millisecond a batch, and a contact's next reply waits for that record. The status is a
   * parameter so that no partial index of the outbox (all are on the status) can serve the plan.
   */
  @SqlBatch("""
      UPDATE outbox SET status = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL
      WHERE id = :id AND attempts = :attempts AND status = :claimed""")
  @GetGeneratedKeys({"id", "message_id"})
  @RegisterConstructorMapper(RowMessage.class)
  List<RowMessage> markRowsSent(long[] id, int[] attempts, String claimed);

  /** Back to pending until {@code now() + delayMillis}; false when the claim was lost. */
  @SqlUpdate("""
      UPDATE outbox SET status = 'pending', locked_until = NULL, last_error = :error,
                        next_attempt_at = now() + :delayMillis * interval '1 millisecond'
      WHERE id = :id AND status = 'sending' AND attempts = :attempts""")
  boolean retryLater(long id, int attempts, long delayMillis, String error);

  /**
   * Gives up on the row: {@code failed}, with the reason, and its message's delivery status
   * {@code failed} with the provider's error code. False when the claim was lost.
   *
   * @param error the provider's code and a short description of the failure, never the body
   */
  default boolean markFailed(long id, int attempts, String errorCode, String error) {
    return Transactions.atomically(getHandle(), () -> {
      Optional<Long> messageId = markRowFailed(id, attempts, error);
      messageId.ifPresent(m -> delivery().recordFailed(m, errorCode));
      return messageId.isPresent();
    });
  }

  default boolean markFailed(long id, int attempts, String error) {
    return markFailed(id, attempts, null, error);
  }

  @SqlQuery("""
      UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = :error
      WHERE id = :id AND status = 'sending' AND attempts = :attempts
      RETURNING message_id""")
  Optional<Long> markRowFailed(long id, int attempts, String error);

  @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id")
  Optional<OutboxRow> find(long id);

  @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE contact_id = :contactId ORDER BY id")
  List<OutboxRow> forContact(long contactId);

  /** Rows not yet sent or failed, of every channel; for tests and health. */
  @SqlQuery("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")
  long unfinished();

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
          ConversationDao.StoredConversationMapper.instant(rs, "sent_at"),
          rs.getInt("takeovers"),
          ConversationDao.StoredConversationMapper.instant(rs, "first_claimed_at"));
    }
  }
}
