package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The step's writes in one statement, against PostgreSQL: order, contact changes, and what a second flush adds. */
class StepWritesTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private long newContact() {
    String address = "+2126" + (100_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 800_000_000L));
    jdbi().useExtension(FlowVersionDao.class, d -> d.insert("v-step-1", Map.of("flows/main.yaml", "flow: main\n")));
    return jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", address));
  }

  private static ConversationState state(String node) {
    return new ConversationState("v-step-1", "main", node, "fr", Map.of("city", "oujda"), 0,
        ConversationState.Status.ACTIVE, T0, T0.plusSeconds(5), List.of("main." + node));
  }

  private long inbound(long contact) {
    return jdbi().withHandle(h -> h.createQuery("""
            INSERT INTO messages (contact_id, direction, channel, provider_message_id, body)
            VALUES (:c, 'in', 'sms', :p, 'x') RETURNING id""")
        .bind("c", contact).bind("p", UUID.randomUUID().toString()).mapTo(Long.class).one());
  }

  @Test
  void repliesKeepTheirOrderInTheMessagesAndInTheOutbox() {
    long contact = newContact();
    long in = inbound(contact);
    List<OutboundMessage> sent = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      sent.add(new OutboundMessage("reply " + i, List.of(), "fr"));
    }
    long conversation = jdbi().inTransaction(h -> {
      StepWrites writes = new StepWrites(contact, "sms", in, state("menu"));
      sent.forEach(writes::reply);
      return writes.flush(h);
    });

    // The outbox's order is the sending order: by id, each row's payload and message in the replies' order.
    List<OutboxRow> rows = jdbi().withExtension(OutboxDao.class, d -> d.forContact(contact));
    assertEquals(sent, rows.stream().map(OutboxRow::payload).toList());
    List<String> bodiesByMessageId = jdbi().withHandle(h -> h.createQuery(
            "SELECT body FROM messages WHERE contact_id = :c AND direction = 'out' AND in_reply_to = :in ORDER BY id")
        .bind("c", contact).bind("in", in).mapTo(String.class).list());
    assertEquals(sent.stream().map(OutboundMessage::asPlainText).toList(), bodiesByMessageId);
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(rows.get(i).messageId() > rows.get(i - 1).messageId(), "outbox rows follow their messages' order");
    }
    assertEquals(conversation, jdbi().withExtension(ConversationDao.class, d -> d.find(contact)).orElseThrow().id());
    assertEquals(state("menu"), jdbi().withExtension(ConversationDao.class, d -> d.find(contact)).orElseThrow().state());
  }

  @Test
  void theContactsLanguageChangesAndTheFirstNoticeAndConsentDatesStay() {
    long contact = newContact();
    long in = inbound(contact);
    Instant first = T0.truncatedTo(ChronoUnit.SECONDS);
    jdbi().useTransaction(h -> {
      StepWrites writes = new StepWrites(contact, "sms", in, state("language"));
      writes.language("ar");
      writes.noticeShown(first);
      writes.flush(h);
    });
    jdbi().useTransaction(h -> {
      StepWrites writes = new StepWrites(contact, "sms", in, state("menu"));
      writes.language("en");
      writes.noticeShown(first.plusSeconds(60));
      writes.consentGiven(first.plusSeconds(60));
      writes.flush(h);
    });
    Map<String, Object> row = jdbi().withHandle(h -> h.createQuery(
            "SELECT language, notice_shown_at, consented_at FROM contacts WHERE id = :id")
        .bind("id", contact).mapToMap().one());
    assertEquals("en", row.get("language"));
    assertEquals(first, ((java.sql.Timestamp) row.get("notice_shown_at")).toInstant(), "the first notice counts");
    assertEquals(first.plusSeconds(60), ((java.sql.Timestamp) row.get("consented_at")).toInstant());

    // A step that changes nothing about the contact leaves it as it is.
    jdbi().useTransaction(h -> new StepWrites(contact, "sms", in, state("menu")).flush(h));
    assertEquals("en", jdbi().withExtension(ContactDao.class, d -> d.find(contact)).orElseThrow().language());
  }

  @Test
  void aSecondFlushWritesOnlyWhatCameAfterTheFirst() {
    long contact = newContact();
    long in = inbound(contact);
    OutboundMessage before = new OutboundMessage("before the handoff", List.of(), "fr");
    OutboundMessage after = new OutboundMessage("after the handoff", List.of(), "fr");
    long[] ids = jdbi().inTransaction(h -> {
      StepWrites writes = new StepWrites(contact, "sms", in, state("handoff"));
      writes.reply(before);
      long first = writes.flush(h);
      writes.reply(after);
      return new long[] {first, writes.flush(h)};
    });
    assertEquals(ids[0], ids[1], "one conversation per contact");
    assertEquals(List.of(before, after),
        jdbi().withExtension(OutboxDao.class, d -> d.forContact(contact)).stream().map(OutboxRow::payload).toList());
  }
}
