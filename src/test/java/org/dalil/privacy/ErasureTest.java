package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.HandleResult;
import org.dalil.handoff.Actor;
import org.dalil.store.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The erasure keyword in each language, and the admin's erasure and export, checked table by
 * table on real PostgreSQL.
 */
class ErasureTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PrivacyFixture f;

  @BeforeAll
  static void start() {
    f = new PrivacyFixture(db.database(), PrivacyContent.minimal(), Instant.now());
  }

  private static String text(HandleResult r) {
    return String.join("\n", r.replies().stream().map(OutboundMessage::text).toList());
  }

  /**
   * A contact with something in every table: a conversation in {@code language} handed to a
   * volunteer who claimed it, answered and wrote a note, a delivery receipt and a send pace, an
   * audit entry. Returns the contact's id.
   */
  private static long busyContact(String channel, String phone, String language) {
    switch (language) {
      case "fr" -> {
        f.write(channel, phone, "bonjour");
        f.write(channel, phone, "1");
      }
      case "ar" -> {
        f.write(channel, phone, "salam");
        f.write(channel, phone, "2");
      }
      default -> {
        f.write(channel, phone, "hello");
        f.write(channel, phone, "3");
      }
    }
    f.write(channel, phone, "2");
    f.write(channel, phone, "Rabat");
    f.write(channel, phone, "1");
    long contact = f.contactId(channel, phone);
    long handoff = f.openHandoff(contact);
    Actor volunteer = f.volunteer(false);
    assertTrue(f.inbox.claim(volunteer, handoff).ok());
    assertTrue(f.inbox.reply(volunteer, handoff, "Bonjour, je suis là. REPLY-MARKER").ok());
    assertTrue(f.inbox.note(volunteer, handoff, "Lives near the station NOTE-MARKER").ok());
    f.write(channel, phone, "Merci MESSAGE-MARKER");
    f.jdbi().useHandle(h -> {
      h.execute("UPDATE messages SET provider_message_id = 'PROVIDER-' || id WHERE contact_id = ? AND direction = 'out'",
          contact);
      h.execute("INSERT INTO delivery_receipts (channel, provider_message_id, status) "
          + "SELECT channel, provider_message_id, 'delivered' FROM messages WHERE contact_id = ? AND direction = 'out' LIMIT 1",
          contact);
      h.execute("INSERT INTO contact_pace (contact_id, tat) VALUES (?, now())", contact);
    });
    return contact;
  }

  @ParameterizedTest
  @CsvSource({
      "fr, SUPPRIMER, oui, C'est fait : tout ce que Dalil gardait sur vous a été effacé.",
      "en, DELETE, yes, Done: everything Dalil kept about you has been erased.",
      "ar, احذف, نعم, تم: مُسح كل ما كان يحتفظ به دليل عنك."})
  void theKeywordAsksThenErasesEverythingTableByTableAndKeepsTheCounts(String language, String keyword, String yes,
      String done) {
    String phone = PrivacyFixture.newPhone();
    long contact = busyContact("whatsapp", phone, language);
    PrivacyFixture.Footprint before = f.footprint(contact);
    Map<String, Long> tombstonesBefore = f.tombstones();
    assertTrue(f.rowsAbout(before).keySet().containsAll(List.of("handoffs.contact_id", "handoff_notes.contact_id",
        "handoff_replies.message_id", "outbox.contact_id", "contact_pace.contact_id", "audit_log.contact_id",
        "delivery_receipts.provider_message_id")), "the contact is everywhere: " + f.rowsAbout(before));

    HandleResult asked = f.write("whatsapp", phone, keyword);
    assertTrue(text(asked).toUpperCase().contains(yes.toUpperCase()), "a question first: " + text(asked));
    assertEquals(before.messages().size() + 2, f.footprint(contact).messages().size(), "nothing erased yet");

    HandleResult erased = f.write("whatsapp", phone, yes);
    assertEquals(1, erased.replies().size());
    assertTrue(erased.replies().getFirst().text().startsWith(done), erased.replies().getFirst().text());

    // Left until the confirmation is sent: the row (to send it), the empty request, the confirmation.
    PrivacyFixture.Footprint now = f.footprint(contact);
    Map<String, Long> rows = f.rowsAbout(new PrivacyFixture.Footprint(contact, before.handoffs(),
        concat(before.messages(), now.messages()), now.conversations(), before.providerIds()));
    assertEquals(Map.of("contacts.id", 1L, "conversations.contact_id", 1L, "messages.contact_id", 2L,
        "messages.in_reply_to", 1L, "outbox.contact_id", 1L, "outbox.message_id", 1L), rows);
    Map<String, Object> row = f.jdbi().withHandle(h -> h.createQuery("SELECT * FROM contacts WHERE id = :c")
        .bind("c", contact).mapToMap().one());
    assertNotNull(row.get("erased_at"));
    assertNull(row.get("language"));
    assertNull(row.get("notice_shown_at"));
    assertEquals("", f.jdbi().withHandle(h -> h.createQuery(
        "SELECT body FROM messages WHERE contact_id = :c AND direction = 'in'").bind("c", contact).mapTo(String.class).one()));
    assertEquals("{}", f.jdbi().withHandle(h -> h.createQuery(
        "SELECT variables::text FROM conversations WHERE contact_id = :c").bind("c", contact).mapTo(String.class).one()));

    // Once the confirmation is sent, the retention job takes the rest: nothing is left.
    f.markSent(contact);
    RetentionJob.Report report = new RetentionJob(f.jdbi(), RetentionPolicy.defaults(), f.clock).run();
    assertTrue(report.erasuresFinished() >= 1);
    assertEquals(Map.of(), f.rowsAbout(new PrivacyFixture.Footprint(contact, before.handoffs(),
        concat(before.messages(), now.messages()), now.conversations(), before.providerIds())));

    // The counts stay, anonymous: every message, the handoff, the note and the contact.
    Map<String, Long> counted = PrivacyFixture.minus(f.tombstones(), tombstonesBefore);
    assertEquals(before.messages().size() + 4, counted.get("message_in") + counted.get("message_out"), counted.toString());
    assertEquals(1L, counted.get("handoff"));
    assertEquals(1L, counted.get("note"));
    assertEquals(1L, counted.get("contact"));

    // The audit says it happened, and nothing about whom.
    String audit = String.join("\n", f.auditDetails("erase_contact"));
    assertTrue(audit.contains("at the contact's request"), audit);
    for (String secret : List.of(phone, phone.substring(4), "MARKER", "Rabat")) {
      assertFalse(audit.contains(secret), secret);
    }
  }

  @Test
  void anotherReplyCancelsAndNothingIsErased() {
    String phone = PrivacyFixture.newPhone();
    f.write("sms", phone, "hello");
    f.write("sms", phone, "3");
    long contact = f.contactId("sms", phone);
    f.write("sms", phone, "delete");
    int messages = f.footprint(contact).messages().size();

    HandleResult cancelled = f.write("sms", phone, "menu");
    assertTrue(cancelled.replies().getFirst().text().startsWith("Nothing was erased."), text(cancelled));
    assertTrue(text(cancelled).contains("Which topic?"), "and the reply is answered: " + text(cancelled));
    assertEquals(messages + 1 + cancelled.replies().size(), f.footprint(contact).messages().size());
    assertEquals("en", f.jdbi().withHandle(h -> h.createQuery("SELECT language FROM contacts WHERE id = :c")
        .bind("c", contact).mapTo(String.class).one()));
  }

  @Test
  void aContactWhoWritesAgainAfterAnErasureStartsAfreshAndSeesTheNoticeAgain() {
    String phone = PrivacyFixture.newPhone();
    f.write("telegram", phone, "hello");
    f.write("telegram", phone, "3");
    f.write("telegram", phone, "erase");
    f.write("telegram", phone, "yes");
    long contact = f.contactId("telegram", phone);

    HandleResult again = f.write("telegram", phone, "hello");
    assertTrue(text(again).contains("Privacy: Dalil keeps your messages"), text(again));
    assertEquals(contact, f.contactId("telegram", phone), "the same row, no longer erased");
    assertNull(f.jdbi().withHandle(h -> h.createQuery("SELECT erased_at FROM contacts WHERE id = :c")
        .bind("c", contact).mapTo(Instant.class).one()));
    f.markSent(contact);
    new RetentionJob(f.jdbi(), RetentionPolicy.defaults(), f.clock).run();
    assertEquals(Optional.of(contact), f.jdbi().withExtension(org.dalil.store.ContactDao.class,
        d -> d.findId("telegram", phone)), "the retention job leaves a contact who came back");
  }

  @Test
  void anAdminExportsThenErasesAContactOnTheirRequest() throws Exception {
    String phone = PrivacyFixture.newPhone();
    long contact = busyContact("sms", phone, "fr");
    PrivacyFixture.Footprint before = f.footprint(contact);
    Actor admin = f.volunteer(true);
    DataRequests requests = new DataRequests(f.jdbi(), f.clock);

    assertEquals(Optional.of(contact), requests.findContact("sms", "00 212 6" + phone.substring(5)));
    String json = requests.export(admin.id(), contact).orElseThrow();
    JsonNode export = JSON.readTree(json);
    assertEquals("sms", export.get("contact").get("channel").asText());
    assertFalse(json.contains(phone.substring(4)), "the address is masked in the export");
    assertTrue(json.contains("MESSAGE-MARKER") && json.contains("REPLY-MARKER") && json.contains("NOTE-MARKER"), json);
    assertEquals("rabat", export.get("conversations_with_volunteers").get(0).get("city").asText());
    assertFalse(json.contains("Volunteer"), "volunteers are not named");

    assertTrue(requests.erase(admin.id(), contact).isPresent());
    assertEquals(Map.of(), f.rowsAbout(before), "everything, at once");
    assertEquals(Optional.empty(), requests.findContact("sms", phone));
    assertEquals(Optional.empty(), requests.export(admin.id(), contact));
    assertTrue(requests.erase(admin.id(), contact).isEmpty());
    List<String> audit = f.jdbi().withHandle(h -> h.createQuery(
        "SELECT action || ' ' || coalesce(actor_id::text, '-') || ' ' || coalesce(detail, '') FROM audit_log "
            + "WHERE action IN ('export_contact', 'erase_contact') AND actor_id = :a ORDER BY id").bind("a", admin.id())
        .mapTo(String.class).list());
    assertEquals(2, audit.size(), audit.toString());
    assertTrue(audit.get(1).startsWith("erase_contact " + admin.id() + " by an admin"), audit.toString());
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
  }
}
