package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.HandleResult;
import org.dalil.store.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Consent through the conversation service, on real PostgreSQL: shown once, recorded, honoured. */
class ConsentServiceTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
  private static final String NOTICE_FR = "Confidentialité : Dalil garde vos messages";
  private static final String NOTICE_EN = "Privacy: Dalil keeps your messages";

  @TempDir static Path content;
  private static PrivacyFixture f;

  @BeforeAll
  static void start() {
    f = new PrivacyFixture(db.database(), PrivacyContent.load(PrivacyContent.withFreeTextQuestion(content)), T0);
  }

  private static String text(HandleResult r) {
    return String.join("\n---\n", r.replies().stream().map(OutboundMessage::text).toList());
  }

  private static Map<String, Object> consent(long contactId) {
    return f.jdbi().withHandle(h -> h.createQuery(
            "SELECT notice_shown_at, consented_at FROM contacts WHERE id = :id").bind("id", contactId).mapToMap().one());
  }

  private static Instant at(Object timestamp) {
    return switch (timestamp) {
      case null -> null;
      case java.sql.Timestamp t -> t.toInstant();
      case OffsetDateTime t -> t.toInstant();
      default -> throw new AssertionError(timestamp.getClass());
    };
  }

  private static String storedVariables(long contactId) {
    return f.jdbi().withHandle(h -> h.createQuery("SELECT variables::text FROM conversations WHERE contact_id = :c")
        .bind("c", contactId).mapTo(String.class).one());
  }

  @Test
  void theNoticeIsShownOnceAndTheAgreementRecordedWithItsTime() {
    String phone = PrivacyFixture.newPhone();
    f.clock.set(T0);
    HandleResult first = f.write("whatsapp", phone, "salut");
    assertTrue(text(first).startsWith(NOTICE_FR), text(first));
    assertTrue(text(first).contains(NOTICE_EN), "in every language while the language is unknown");
    long contact = f.contactId("whatsapp", phone);
    assertEquals(T0, at(consent(contact).get("notice_shown_at")));
    assertNull(consent(contact).get("consented_at"), "reading is not agreeing");

    f.clock.set(T0.plusSeconds(30));
    HandleResult second = f.write("whatsapp", phone, "3");
    assertFalse(text(second).contains("Privacy:"), text(second));
    assertEquals(T0.plusSeconds(30), at(consent(contact).get("consented_at")));

    // Never again: not on the next message, not after a silence that restarts the conversation.
    f.clock.set(T0.plus(Duration.ofDays(3)));
    HandleResult later = f.write("whatsapp", phone, "hello");
    assertFalse(text(later).contains("Privacy:"), text(later));
    assertEquals(T0, at(consent(contact).get("notice_shown_at")));
    assertEquals(T0.plusSeconds(30), at(consent(contact).get("consented_at")));
  }

  @Test
  void theFullNoticeIsSentOnItsKeywordInEachLanguage() {
    String phone = PrivacyFixture.newPhone();
    f.write("sms", phone, "hello");
    f.write("sms", phone, "3");
    for (String keyword : List.of("privacy", "CONFIDENTIALITÉ", "الخصوصية")) {
      String reply = text(f.write("sms", phone, keyword));
      assertTrue(reply.startsWith("What Dalil keeps:"), keyword + ": " + reply);
    }
  }

  @Test
  void anAnswerIsNotKeptWithoutAgreementButIsOnceGiven() {
    // A contact whose conversation began before the notice existed: at the free-text question, never asked.
    String phone = PrivacyFixture.newPhone();
    f.write("sms", phone, "hello");
    f.write("sms", phone, "3");
    f.write("sms", phone, "5");
    long contact = f.contactId("sms", phone);
    f.jdbi().useHandle(h -> h.execute("UPDATE contacts SET notice_shown_at = NULL, consented_at = NULL WHERE id = ?", contact));

    HandleResult answer = f.write("sms", phone, "I sleep at the bus station ANSWER-MARKER-41");
    assertTrue(text(answer).startsWith("Privacy:"), "the notice first, on SMS in its short form: " + text(answer));
    assertFalse(storedVariables(contact).contains("ANSWER-MARKER-41"), storedVariables(contact));
    assertFalse(f.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(city, '') || summary FROM handoffs WHERE contact_id = :c")
        .bind("c", contact).mapTo(String.class).list()).toString().contains("ANSWER-MARKER-41"));
    assertNull(consent(contact).get("consented_at"));

    // Writing again is agreeing; from then on answers are kept.
    f.write("sms", phone, "menu");
    assertTrue(consent(contact).get("consented_at") != null);
    f.write("sms", phone, "5");
    f.write("sms", phone, "ANSWER-MARKER-42");
    assertTrue(storedVariables(contact).contains("ANSWER-MARKER-42"), storedVariables(contact));
  }
}
