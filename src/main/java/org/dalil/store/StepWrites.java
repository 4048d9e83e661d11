package org.dalil.store;

import java.time.Instant;
import java.sql.SQLException;
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

  /**
   * The final writes of several steps, each of its own contact (a contact at most once), in one
   * statement: {@link #WRITE} over arrays. The replies keep their order as above, across contacts too.
   */
  private static final NamedSql WRITE_ALL = new NamedSql("""
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
        ON CONFLICT (contact_id) DO UPDATE SET
          flow_version = EXCLUDED.flow_version, flow = EXCLUDED.flow, node = EXCLUDED.node,
          language = EXCLUDED.language, variables = EXCLUDED.variables, misses = EXCLUDED.misses,
          status = EXCLUDED.status, path = EXCLUDED.path, started_at = EXCLUDED.started_at,
          last_activity_at = EXCLUDED.last_activity_at, updated_at = now()
        RETURNING id, contact_id
      ), contact AS (
        UPDATE contacts c SET language = coalesce(s.contact_language, c.language),
                              notice_shown_at = coalesce(c.notice_shown_at, s.notice_shown_at),
                              consented_at = coalesce(c.consented_at, s.consented_at)
        FROM s
        WHERE c.id = s.contact_id
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
    if (writes.size() == 1) {
      return new long[] {writes.getFirst().flush(h)};
    }
    int n = writes.size();
    String[] contactIds = new String[n];
    String[] versions = new String[n];
    String[] flows = new String[n];
    String[] nodes = new String[n];
    String[] languages = new String[n];
    String[] variables = new String[n];
    String[] misses = new String[n];
    String[] statuses = new String[n];
    String[] paths = new String[n];
    String[] startedAts = new String[n];
    String[] lastActivityAts = new String[n];
    String[] contactLanguages = new String[n];
    String[] noticeShownAts = new String[n];
    String[] consentedAts = new String[n];
    List<String> replyContactIds = new ArrayList<>();
    List<String> replyChannels = new ArrayList<>();
    List<String> replyBodies = new ArrayList<>();
    List<String> replyInReplyTo = new ArrayList<>();
    List<String> replyPayloads = new ArrayList<>();
    Map<Long, Integer> positions = new HashMap<>();
    for (int i = 0; i < n; i++) {
      StepWrites w = writes.get(i);
      if (positions.put(w.contactId, i) != null) {
        throw new IllegalArgumentException("a contact's steps are written one at a time");
      }
      ConversationState state = w.state;
      contactIds[i] = Long.toString(w.contactId);
      versions[i] = state.version();
      flows[i] = state.flow();
      nodes[i] = state.node();
      languages[i] = state.language();
      variables[i] = Json.write(state.variables());
      misses[i] = Integer.toString(state.misses());
      statuses[i] = state.status().name().toLowerCase(Locale.ROOT);
      paths[i] = Json.write(state.path());
      startedAts[i] = text(state.startedAt());
      lastActivityAts[i] = text(state.lastActivityAt());
      contactLanguages[i] = w.language;
      noticeShownAts[i] = text(w.noticeShownAt);
      consentedAts[i] = text(w.consentedAt);
      for (OutboundMessage reply : w.replies) {
        replyContactIds.add(contactIds[i]);
        replyChannels.add(w.channel);
        replyBodies.add(reply.asPlainText());
        replyInReplyTo.add(Long.toString(w.inReplyTo));
        replyPayloads.add(Json.write(reply));
      }
    }
    long[] ids = new long[n];
    InboundStore.run(() -> WRITE_ALL.query(h.getConnection(), InboundStore.values(
        "contactIds", contactIds, "versions", versions, "flows", flows, "nodes", nodes, "languages", languages,
        "variables", variables, "misses", misses, "statuses", statuses, "paths", paths,
        "startedAts", startedAts, "lastActivityAts", lastActivityAts, "contactLanguages", contactLanguages,
        "noticeShownAts", noticeShownAts, "consentedAts", consentedAts,
        "replyContactIds", replyContactIds.toArray(String[]::new),
        "replyChannels", replyChannels.toArray(String[]::new),
        "replyBodies", replyBodies.toArray(String[]::new),
        "replyInReplyTo", replyInReplyTo.toArray(String[]::new),
        "replyPayloads", replyPayloads.toArray(String[]::new)), rs -> {
          int found = 0;
          while (rs.next()) {
            ids[positions.get(rs.getLong(2))] = rs.getLong(1);
            found++;
          }
          if (found != n) {
            throw new SQLException("wrote " + found + " conversations of " + n);
          }
          return found;
        }));
    for (StepWrites w : writes) {
      w.cleared();
    }
    return ids;
  }

  /** Arrays are bound as text and cast by the statement: ISO-8601, which PostgreSQL reads as timestamptz. */
  private static String text(Instant at) {
    return at == null ? null : at.toString();
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
    cleared();
    return id;
  }

  private void cleared() {
    replies.clear();
    language = null;
    noticeShownAt = null;
    consentedAt = null;
  }
}
