package org.dalil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
   * Replies keep their order twice: the messages' ids are drawn in the order of the array (the
   * rows are sorted by their position before the insert), and the outbox rows, which the worker
   * sends in the order of their ids, are inserted in the order of the messages' ids.
   */
  private static final NamedSql WRITE = new NamedSql("WITH conversation AS (" + ConversationDao.UPSERT + """
      ), contact AS (
        UPDATE contacts SET language = coalesce(CAST(:contactLanguage AS text), language),
                            notice_shown_at = coalesce(notice_shown_at, CAST(:noticeShownAt AS timestamptz)),
                            consented_at = coalesce(consented_at, CAST(:consentedAt AS timestamptz))
        WHERE id = :contactId
          AND (CAST(:contactLanguage AS text) IS NOT NULL OR CAST(:noticeShownAt AS timestamptz) IS NOT NULL
               OR CAST(:consentedAt AS timestamptz) IS NOT NULL)
      ), reply AS (
        INSERT INTO messages (contact_id, direction, channel, body, in_reply_to)
        SELECT :contactId, 'out', :channel, r.body, :inReplyTo
        FROM unnest(CAST(:bodies AS text[])) WITH ORDINALITY AS r(body, n)
        ORDER BY r.n
        RETURNING id
      ), queued AS (
        INSERT INTO outbox (message_id, contact_id, channel, payload)
        SELECT m.id, :contactId, :channel, CAST(p.payload AS jsonb)
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM reply) m
        JOIN unnest(CAST(:payloads AS text[])) WITH ORDINALITY AS p(payload, n) ON p.n = m.n
        ORDER BY m.id
      )
      SELECT id FROM conversation""");

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
   * Writes the state and what was gathered since the last flush; returns the conversation's id.
   * Each flush writes the state again, so that a step's rarer effects find its conversation.
   */
  public long flush(Handle h) {
    String[] bodies = replies.stream().map(OutboundMessage::asPlainText).toArray(String[]::new);
    String[] payloads = replies.stream().map(Json::write).toArray(String[]::new);
    long id = InboundStore.run(() -> WRITE.query(h.getConnection(), InboundStore.values(
        "contactId", contactId,
        "version", state.version(),
        "flow", state.flow(),
        "node", state.node(),
        "language", state.language(),
        "variables", Json.write(state.variables()),
        "misses", state.misses(),
        "status", state.status().name().toLowerCase(Locale.ROOT),
        "path", Json.write(state.path()),
        "startedAt", state.startedAt(),
        "lastActivityAt", state.lastActivityAt(),
        "contactLanguage", language,
        "noticeShownAt", noticeShownAt,
        "consentedAt", consentedAt,
        "channel", channel,
        "inReplyTo", inReplyTo,
        "bodies", bodies,
        "payloads", payloads), rs -> {
          rs.next();
          return rs.getLong(1);
        }));
    replies.clear();
    language = null;
    noticeShownAt = null;
    consentedAt = null;
    return id;
  }
}
