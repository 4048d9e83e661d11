package org.dalil.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Everything Dalil keeps about one contact, as JSON, for the person who asked for it: the contact
 * (its address masked: the person knows it, and the file may travel), consent times, the
 * conversation's state and answers, every message, handoffs and volunteers' notes (without the
 * volunteers' names), replies held for them.
 */
public final class ContactExport {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private ContactExport() {}

  /** The contact's data as JSON; empty when there is no such contact. */
  public static Optional<String> json(Handle h, long contactId, Instant now) {
    List<Map<String, Object>> contact = rows(h, """
        SELECT id, channel, address_masked AS address, language, created_at, opted_out_at,
               notice_shown_at AS privacy_notice_shown_at, consented_at
        FROM contacts WHERE id = :id""", contactId);
    if (contact.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exported_at", now);
    out.put("contact", contact.getFirst());
    List<Map<String, Object>> conversation = rows(h, """
        SELECT status, language, variables::text AS answers, started_at, last_activity_at
        FROM conversations WHERE contact_id = :id""", contactId);
    conversation.forEach(c -> c.put("answers", parse((String) c.get("answers"))));
    out.put("conversation", conversation.isEmpty() ? null : conversation.getFirst());
    out.put("messages", rows(h, """
        SELECT m.created_at AS at,
               CASE WHEN m.direction = 'in' THEN 'you' WHEN r.message_id IS NOT NULL THEN 'volunteer' ELSE 'dalil' END AS sender,
               m.body AS text, m.input_kind AS kind, m.delivery_status
        FROM messages m LEFT JOIN handoff_replies r ON r.message_id = m.id
        WHERE m.contact_id = :id ORDER BY m.id""", contactId));
    out.put("conversations_with_volunteers", rows(h, """
        SELECT opened_at, closed_at, topic, urgent, city, outcome
        FROM handoffs WHERE contact_id = :id ORDER BY id""", contactId));
    out.put("volunteer_notes", rows(h, """
        SELECT created_at AS at, kind, body AS text FROM handoff_notes WHERE contact_id = :id ORDER BY id""", contactId));
    out.put("replies_waiting", rows(h, """
        SELECT created_at AS at, body AS text FROM held_replies
        WHERE contact_id = :id AND released_at IS NULL ORDER BY id""", contactId));
    try {
      return Optional.of(JSON.writeValueAsString(out));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the export: " + e.getClass().getSimpleName());
    }
  }

  private static List<Map<String, Object>> rows(Handle h, String sql, long contactId) {
    List<Map<String, Object>> rows = h.createQuery(sql).bind("id", contactId).mapToMap().list();
    rows.forEach(row -> row.replaceAll((k, v) -> v instanceof java.sql.Timestamp t ? t.toInstant()
        : v instanceof OffsetDateTime o ? o.toInstant() : v));
    return rows;
  }

  private static Object parse(String json) {
    try {
      return json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
