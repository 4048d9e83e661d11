package org.dalil.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.dalil.channel.InboundMessage;
import org.dalil.conversation.ConversationService;
import org.dalil.conversation.FlowVersions;
import org.dalil.conversation.HandleResult;
import org.dalil.flow.FlowSet;
import org.dalil.flow.UserInput;
import org.dalil.handoff.Actor;
import org.dalil.handoff.EscalationHook;
import org.dalil.handoff.InboxService;
import org.dalil.handoff.InboxSettings;
import org.dalil.handoff.MutableClock;
import org.dalil.handoff.ReengageTemplate;
import org.dalil.store.ContactDao;
import org.dalil.store.Database;
import org.dalil.web.auth.Role;
import org.dalil.web.auth.VolunteerDao;
import org.jdbi.v3.core.Jdbi;

/**
 * A conversation service with the inbox's hook, an inbox service and a hand-moved clock on a test
 * database; helpers to create volunteers and to count, table by table, the rows about a contact.
 */
final class PrivacyFixture {
  final Database database;
  final MutableClock clock;
  final ConversationService conversations;
  final InboxService inbox;

  PrivacyFixture(Database database, FlowSet content, Instant start) {
    this.database = database;
    this.clock = new MutableClock(start);
    FlowVersions versions = new FlowVersions(database.jdbi());
    versions.publish(content);
    InboxSettings settings = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always"));
    this.conversations = new ConversationService(database.jdbi(), versions, channel -> {})
        .withHandoffHook(new EscalationHook(() -> settings, clock, () -> {}));
    this.inbox = new InboxService(database.jdbi(), versions, () -> settings, clock, () -> {},
        ReengageTemplate.NONE);
  }

  Jdbi jdbi() {
    return database.jdbi();
  }

  HandleResult write(String channel, String address, String text) {
    return conversations.handle(new InboundMessage(channel, address, UUID.randomUUID().toString(),
        UserInput.text(text), clock.instant()));
  }

  static String newPhone() {
    return "+2126" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
  }

  long contactId(String channel, String address) {
    return jdbi().withExtension(ContactDao.class, d -> d.findId(channel, address)).orElseThrow();
  }

  Actor volunteer(boolean admin) {
    String email = "v-" + UUID.randomUUID() + "@example.org";
    long id = jdbi().withExtension(VolunteerDao.class, d -> d.insert(email, "Volunteer", "not a hash",
        (admin ? Role.ADMIN : Role.VOLUNTEER).sql(), new String[] {"fr", "ar", "en"}));
    return new Actor(id, admin, List.of("fr", "ar", "en"));
  }

  long openHandoff(long contactId) {
    return jdbi().withHandle(h -> h.createQuery("SELECT id FROM handoffs WHERE contact_id = :c AND closed_at IS NULL")
        .bind("c", contactId).mapTo(Long.class).one());
  }

  /** What a contact has now: its rows' ids in the tables that others point at. */
  record Footprint(long contactId, List<Long> handoffs, List<Long> messages, List<Long> conversations,
      List<String> providerIds) {}

  Footprint footprint(long contactId) {
    return jdbi().withHandle(h -> new Footprint(contactId,
        h.createQuery("SELECT id FROM handoffs WHERE contact_id = :c").bind("c", contactId).mapTo(Long.class).list(),
        h.createQuery("SELECT id FROM messages WHERE contact_id = :c").bind("c", contactId).mapTo(Long.class).list(),
        h.createQuery("SELECT id FROM conversations WHERE contact_id = :c").bind("c", contactId).mapTo(Long.class).list(),
        h.createQuery("SELECT provider_message_id FROM messages WHERE contact_id = :c AND provider_message_id IS NOT NULL")
            .bind("c", contactId).mapTo(String.class).list()));
  }

  /**
   * Table by table, the rows about the contact of {@code before}: every column of every table with
   * a foreign key to contacts, handoffs, messages or conversations (found in the catalog, so a table
   * added later is checked too), the contact's row itself, and the delivery receipts of its messages.
   * Only tables with rows are listed.
   */
  Map<String, Long> rowsAbout(Footprint before) {
    return jdbi().withHandle(h -> {
      Map<String, Long> out = new TreeMap<>();
      List<Map<String, Object>> keys = h.createQuery("""
          SELECT cl.relname AS tbl, a.attname AS col, rf.relname AS ref
          FROM pg_constraint c
          JOIN pg_class cl ON cl.oid = c.conrelid
          JOIN pg_class rf ON rf.oid = c.confrelid
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
          JOIN pg_namespace n ON n.oid = cl.relnamespace
          WHERE c.contype = 'f' AND n.nspname = 'public'
            AND rf.relname IN ('contacts', 'handoffs', 'messages', 'conversations')""").mapToMap().list();
      for (Map<String, Object> k : keys) {
        String ref = (String) k.get("ref");
        List<Long> ids = switch (ref) {
          case "contacts" -> List.of(before.contactId());
          case "handoffs" -> before.handoffs();
          case "messages" -> before.messages();
          default -> before.conversations();
        };
        long n = ids.isEmpty() ? 0 : h.createQuery("SELECT count(*) FROM " + k.get("tbl") + " WHERE " + k.get("col")
                + " = ANY(:ids)").bind("ids", ids.stream().mapToLong(Long::longValue).toArray()).mapTo(Long.class).one();
        if (n > 0) {
          out.merge(k.get("tbl") + "." + k.get("col"), n, Long::sum);
        }
      }
      long self = h.createQuery("SELECT count(*) FROM contacts WHERE id = :c").bind("c", before.contactId())
          .mapTo(Long.class).one();
      if (self > 0) {
        out.put("contacts.id", self);
      }
      if (!before.providerIds().isEmpty()) {
        long receipts = h.createQuery("SELECT count(*) FROM delivery_receipts WHERE provider_message_id = ANY(:p)")
            .bind("p", before.providerIds().toArray(String[]::new)).mapTo(Long.class).one();
        if (receipts > 0) {
          out.put("delivery_receipts.provider_message_id", receipts);
        }
      }
      return out;
    });
  }

  /** The tombstone counts per kind, all days, channels, languages and topics together. */
  Map<String, Long> tombstones() {
    return jdbi().withHandle(h -> {
      Map<String, Long> out = new TreeMap<>();
      h.createQuery("SELECT kind, sum(count) AS n FROM tombstones GROUP BY kind").mapToMap().list()
          .forEach(r -> out.put((String) r.get("kind"), ((Number) r.get("n")).longValue()));
      return out;
    });
  }

  static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L);
      if (d != 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  /** The outbox rows of a contact, marked sent (as the worker would have done). */
  void markSent(long contactId) {
    jdbi().useHandle(h -> h.execute("UPDATE outbox SET status = 'sent', sent_at = now() WHERE contact_id = ?", contactId));
  }

  List<String> auditDetails(String action) {
    return new ArrayList<>(jdbi().withHandle(h -> h.createQuery("SELECT coalesce(detail, '') FROM audit_log WHERE action = :a")
        .bind("a", action).mapTo(String.class).list()));
  }
}
