package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.BadRequestResponse;
import java.time.Instant;
import java.util.Map;
import org.dalil.channel.InboundMessage;
import org.dalil.flow.UserInput;
import org.junit.jupiter.api.Test;

/** Twilio's documented webhook bodies, read into what the conversation service gets. */
class TwilioInboundTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static InboundMessage parse(Map<String, String> form) {
    return TwilioInbound.parse(form, NOW);
  }

  @Test
  void anSms() {
    InboundMessage m = parse(TwilioFixtures.load("sms.form"));
    assertEquals("sms", m.channel());
    assertEquals("+212600000001", m.address());
    assertEquals("SM1c8f2d0a7b3e4c5d6e7f8091a2b3c4d5", m.providerMessageId());
    assertEquals(new UserInput("Bonjour", UserInput.Kind.TEXT, null), m.input());
    assertEquals(NOW, m.receivedAt());
  }

  @Test
  void aWhatsAppTextKeepsTheWhatsAppAddressAndNotTheProfileName() {
    InboundMessage m = parse(TwilioFixtures.load("whatsapp-text.form"));
    assertEquals("whatsapp", m.channel());
    assertEquals("whatsapp:+212600000002", m.address());
    assertEquals(new UserInput("Salam", UserInput.Kind.TEXT, null), m.input());
    assertFalse(m.toString().contains("Amina"), "the profile name is not passed on");
  }

  @Test
  void aWhatsAppPhotoIsMediaWithoutItsUrl() {
    InboundMessage m = parse(TwilioFixtures.load("whatsapp-media.form"));
    assertEquals("whatsapp", m.channel());
    assertEquals("MM9a8b7c6d5e4f30211f2e3d4c5b6a7980", m.providerMessageId());
    assertEquals(UserInput.Kind.MEDIA, m.input().kind());
    assertEquals("", m.input().text());
    assertFalse(m.toString().contains("api.twilio.com"));
  }

  @Test
  void aCaptionIsKeptWithTheMedia() {
    Map<String, String> form = TwilioFixtures.load("whatsapp-media.form");
    form.put("Body", "ma carte de séjour");
    InboundMessage m = parse(form);
    assertEquals(new UserInput("ma carte de séjour", UserInput.Kind.MEDIA, null), m.input());
  }

  @Test
  void aVoiceNoteOrStickerIsMediaEvenWithoutMediaCount() {
    Map<String, String> form = TwilioFixtures.load("whatsapp-text.form");
    form.put("MessageType", "sticker");
    assertEquals(UserInput.Kind.MEDIA, parse(form).input().kind());
  }

  @Test
  void aLocationKeepsNeitherCoordinatesNorAddress() {
    InboundMessage m = parse(TwilioFixtures.load("whatsapp-location.form"));
    assertEquals(UserInput.Kind.LOCATION, m.input().kind());
    assertEquals("", m.input().text());
    assertFalse(m.toString().contains("33.57"));
    assertFalse(m.toString().contains("Casablanca"));
    assertNull(m.input().languageHint());
  }

  @Test
  void missingOrMalformedFieldsAreRefused() {
    for (String field : new String[] {"MessageSid", "From"}) {
      Map<String, String> form = TwilioFixtures.load("sms.form");
      form.remove(field);
      BadRequestResponse e = assertThrows(BadRequestResponse.class, () -> parse(form));
      assertTrue(e.getMessage().contains(field), e.getMessage());
      form.put(field, "  ");
      assertThrows(BadRequestResponse.class, () -> parse(form));
    }
    Map<String, String> badSid = TwilioFixtures.load("sms.form");
    badSid.put("MessageSid", "SM' OR 1=1 --");
    assertThrows(BadRequestResponse.class, () -> parse(badSid));
    Map<String, String> badMedia = TwilioFixtures.load("sms.form");
    badMedia.put("NumMedia", "many");
    assertThrows(BadRequestResponse.class, () -> parse(badMedia));
    Map<String, String> bareWhatsApp = TwilioFixtures.load("whatsapp-text.form");
    bareWhatsApp.put("From", "whatsapp:");
    assertThrows(BadRequestResponse.class, () -> parse(bareWhatsApp));
    Map<String, String> tooLong = TwilioFixtures.load("sms.form");
    tooLong.put("Body", "x".repeat(TwilioInbound.MAX_TEXT + 1));
    assertThrows(BadRequestResponse.class, () -> parse(tooLong));
  }

  @Test
  void controlCharactersAreDroppedFromTheText() {
    Map<String, String> form = TwilioFixtures.load("sms.form");
    form.put("Body", "1\u0000\u0007\nok");
    assertEquals("1\nok", parse(form).input().text());
  }
}
