package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.dalil.flow.FlowSet;
import org.junit.jupiter.api.Test;

/** What the contact is told about the wait, from the minimal content's texts. */
class ContactTextsTest {
  private static final FlowSet CONTENT = InboxFixture.content();
  private static final ZoneId ZONE = ZoneId.of("Africa/Casablanca");
  private static final InboxSettings WEEKDAYS = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "mon-fri 09:00-18:00"));
  private final ContactTexts texts = new ContactTexts();

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(ZONE).toInstant();
  }

  @Test
  void openGivesTheExpectedWaitInTheContactsLanguage() {
    String en = texts.acknowledgement(CONTENT, "en", false, WEEKDAYS, at("2026-05-04T10:00"), false).text();
    assertTrue(en.contains("within 30 minutes"), en);
  }

  @Test
  void closedSaysWhenInTheContactsLanguageWithTheDayName() {
    String ar = texts.acknowledgement(CONTENT, "ar", false, WEEKDAYS, at("2026-05-09T12:00"), false).text();
    assertTrue(ar.contains("يوم الاثنين على الساعة 09:00"), ar);
    String fr = texts.acknowledgement(CONTENT, "fr", false, WEEKDAYS, at("2026-05-04T07:00"), false).text();
    assertTrue(fr.contains("aujourd'hui à 09:00"), fr);
  }

  @Test
  void urgentOutsideTheHoursGivesTheEmergencyNumbers() {
    String ar = texts.acknowledgement(CONTENT, "ar", true, WEEKDAYS, at("2026-05-09T23:00"), false).text();
    assertTrue(ar.contains("الشرطة 19"), ar);
    assertTrue(ar.contains("المناوب"), ar);
    String open = texts.acknowledgement(CONTENT, "fr", true, WEEKDAYS, at("2026-05-04T10:00"), false).text();
    assertFalse(open.contains("police 19"), "during the hours a volunteer answers: " + open);
  }

  @Test
  void theFollowUpOutsideTheHoursSaysWhenTheyComeBack() {
    String fr = texts.followUp(CONTENT, "fr", false, WEEKDAYS, at("2026-05-04T20:00"), false).text();
    assertTrue(fr.startsWith("Nous ne vous oublions pas"), fr);
    assertTrue(fr.contains("demain à 09:00"), fr);
    assertEquals(1, fr.lines().count());
  }
}
