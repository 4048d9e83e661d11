package org.dalil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.Handle;

/**
 * The usual writes of one step, gathered and sent in one statement: the new state of the
 * conversation, the contact's language and the dates of the notice and of the consent, and the
 * replies with their outbox rows. A message to the bot used to take a statement for each (the
 * state, each reply, each change to the contact); now it takes one (issue 9).
 *
 * <p>The rarer effects of a step (a handoff opened or closed, an opt-out, an erasure) have
 * statements of their own: {@link #flush} first, so that everything the step did before them is
 * written before them, in the order of its events.
 */
public final class StepWrites {
  /**
   * The writes of one or several steps, each of its own contact (a contact at most once), with
   * their rows as arrays. Replies keep their order twice: the messages' ids are drawn in the order
   * of the array (the rows are sorted by their position before the insert), and the outbox rows,
   * which the worker sends in the order of their ids, are inserted in the order of the messages' ids.
   *
   * <p>Prepared once and planned once per connection, as planning it costs half a millisecond: its
   * one join, the update of the contacts, names their ids as an array too ({@code c.id = ANY}), so
   * that a plan made while {@code contacts} was small still reaches them through its key instead
   * of reading every contact (issue 9).
   */
  private static final NamedSql WRITE = new NamedSql("""
      WITH s AS (
        SELECT * FROM unnest(CAST(:contactIds AS bigint[]), CAST(:versions AS text[]), CAST(:flows AS text[]),
                             CAST(:nodes AS text[]), CAST(:languages AS text[]), CAST(:variables AS text[]),
                             CAST(:misses AS integer[]), CAST(:statuses AS text[]), CAST(:paths AS text[]),
                             CAST(:startedAts AS timestamptz[]), CAST(:lastActivityAts AS timestamptz[]),
                             CAST(:contactLanguages AS text[]), CAST(:noticeShownAts AS timestamptz[]),
                             CAST(:consentedAts AS timestamptz[]))
          AS s(contact_id, version, flow, node, language, variables, misses, status, path, started_at,
               last_activity_at, contact_language, notice_shown_at, consented_at)
      ), conversation AS (
        INSERT INTO conversations (contact_id, flow_version, flow, node, language, variables, misses,
                                   status, path, started_at, last_activity_at, updated_at)
        SELECT contact_id, version, flow, node, language, CAST(variables AS jsonb), misses, status,
               CAST(path AS jsonb), started_at, last_activity_at, now()
        FROM s ORDER BY contact_id
        """ + ConversationDao.REPLACED + """
        RETURNING id, contact_id
      ), contact AS (
        UPDATE contacts c SET language = coalesce(s.contact_language, c.language),
                              notice_shown_at = coalesce(c.notice_shown_at, s.notice_shown_at),
                              consented_at = coalesce(c.consented_at, s.consented_at)
        FROM s
        WHERE c.id = s.contact_id AND c.id = ANY(CAST(:contactIds AS bigint[]))
          AND (s.contact_language IS NOT NULL OR s.notice_shown_at IS NOT NULL OR s.consented_at IS NOT NULL)
      ), r AS (
        SELECT * FROM unnest(CAST(:replyContactIds AS bigint[]), CAST(:replyChannels AS text[]),
                             CAST(:replyBodies AS text[]), CAST(:replyInReplyTo AS bigint[]),
                             CAST(:replyPayloads AS text[]))
          WITH ORDINALITY AS r(contact_id, channel, body, in_reply_to, payload, n)
      ), reply AS (
        INSERT INTO messages (contact_id, direction, channel, body, in_reply_to)
        SELECT contact_id, 'out', channel, body, in_reply_to FROM r ORDER BY n
        RETURNING id
      ), queued AS (
        INSERT INTO outbox (message_id, contact_id, channel, payload)
        SELECT m.id, r.contact_id, r.channel, CAST(r.payload AS jsonb)
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM reply) m
        JOIN r ON r.n = m.n
        ORDER BY m.id
      )
      SELECT id, contact_id FROM conversation""");

  /** A reply, with the step it belongs to, as a row of the statement's reply arrays. */
  private record Reply(StepWrites step, OutboundMessage message) {}

  private final long contactId;
  private final String channel;
  private final long inReplyTo;
  private final ConversationState state;
  private final List<OutboundMessage> replies = new ArrayList<>();
  private String language;
  private Instant noticeShownAt;
  private Instant consentedAt;

  /**
   * @param inReplyTo the inbound message the replies answer
   * @param state the conversation's state after the step
   */
  public StepWrites(long contactId, String channel, long inReplyTo, ConversationState state) {
    this.contactId = contactId;
    this.channel = channel;
    this.inReplyTo = inReplyTo;
    this.state = state;
  }

  public void reply(OutboundMessage message) {
    replies.add(message);
  }

  public void language(String language) {
    this.language = language;
  }

  /** Kept only if the contact has no date yet: the first notice counts. */
  public void noticeShown(Instant at) {
    this.noticeShownAt = at;
  }

  /** Kept only if the contact has no date yet: the first consent counts. */
  public void consentGiven(Instant at) {
    this.consentedAt = at;
  }

  /**
   * {@link #flush} for the steps of several contacts, each contact at most once, in one statement;
   * returns the conversations' ids, in the order of {@code writes}.
   */
  public static long[] flushAll(Handle h, List<StepWrites> writes) {
    Map<Long, Integer> positions = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      if (positions.put(writes.get(i).contactId, i) != null) {
        throw new IllegalArgumentException("a contact's steps are written one at a time");
      }
    }
    List<Reply> replies = writes.stream().flatMap(w -> w.replies.stream().map(m -> new Reply(w, m))).toList();
    long[] ids = new long[writes.size()];
    int written = InboundStore.run(() -> WRITE.query(h.getConnection(), InboundStore.values(
        "contactIds", NamedSql.column(writes, w -> w.contactId),
        "versions", NamedSql.column(writes, w -> w.state.version()),
        "flows", NamedSql.column(writes, w -> w.state.flow()),
        "nodes", NamedSql.column(writes, w -> w.state.node()),
        "languages", NamedSql.column(writes, w -> w.state.language()),
        "variables", NamedSql.column(writes, w -> Json.write(w.state.variables())),
        "misses", NamedSql.column(writes, w -> w.state.misses()),
        "statuses", NamedSql.column(writes, w -> w.state.status().name().toLowerCase(Locale.ROOT)),
        "paths", NamedSql.column(writes, w -> Json.write(w.state.path())),
        "startedAts", NamedSql.column(writes, w -> w.state.startedAt()),
        "lastActivityAts", NamedSql.column(writes, w -> w.state.lastActivityAt()),
        "contactLanguages", NamedSql.column(writes, w -> w.language),
        "noticeShownAts", NamedSql.column(writes, w -> w.noticeShownAt),
        "consentedAts", NamedSql.column(writes, w -> w.consentedAt),
        "replyContactIds", NamedSql.column(replies, r -> r.step().contactId),
        "replyChannels", NamedSql.column(replies, r -> r.step().channel),
        "replyBodies", NamedSql.column(replies, r -> r.message().asPlainText()),
        "replyInReplyTo", NamedSql.column(replies, r -> r.step().inReplyTo),
        "replyPayloads", NamedSql.column(replies, r -> Json.write(r.message()))), rs -> {
          int found = 0;
          while (rs.next()) {
            ids[positions.get(rs.getLong("contact_id"))] = rs.getLong("id");
            found++;
          }
          return found;
        }));
    if (written != writes.size()) {
      throw new StoreException("wrote " + written + " conversations of " + writes.size(), null);
    }
    writes.forEach(StepWrites::cleared);
    return ids;
  }

  /**
   * Writes the state and what was gathered since the last flush; returns the conversation's id.
   * Each flush writes the state again, so that a step's rarer effects find its conversation.
   */
  public long flush(Handle h) {
    return flushAll(h, List.of(this))[0];
  }

  private void cleared() {
    replies.clear();
    language = null;
    noticeShownAt = null;
    consentedAt = null;
  }
}
