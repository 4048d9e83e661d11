package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioFormTest {

  private static Map<String, String> parse(String body) {
    return TwilioForm.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesPlusPercentAndUtf8InOrder() {
    Map<String, String> form = parse("Body=Salam+%D8%B3%D9%84%D8%A7%D9%85+%F0%9F%91%8B&From=whatsapp%3A%2B212600000002&Empty=&Bare");
    assertEquals(List.of("Body", "From", "Empty", "Bare"), List.copyOf(form.keySet()));
    assertEquals("Salam سلام 👋", form.get("Body"));
    assertEquals("whatsapp:+212600000002", form.get("From"));
    assertEquals("", form.get("Empty"));
    assertEquals("", form.get("Bare"));
  }

  @Test
  void everyFixtureDecodesAsTheJdkDecodesIt() {
    for (String name : List.of("sms.form", "whatsapp-text.form", "whatsapp-media.form", "whatsapp-location.form")) {
      Map<String, String> expected = TwilioFixtures.load(name);
      assertEquals(expected, parse(TwilioFixtures.encode(expected)), name);
    }
  }

  @Test
  void emptyBodyAndStrayAmpersandsGiveNoParameters() {
    assertTrue(parse("").isEmpty());
    assertEquals(Map.of("a", "1"), parse("&&a=1&"));
  }

  @Test
  void invalidUtf8IsRefusedNotReplaced() {
    BadRequestResponse percent = assertThrows(BadRequestResponse.class, () -> parse("Body=%C3%28"));
    assertTrue(percent.getMessage().contains("UTF-8"));
    byte[] raw = {'B', 'o', 'd', 'y', '=', (byte) 0xFF, (byte) 0xFE};
    assertThrows(BadRequestResponse.class, () -> TwilioForm.parse(raw));
    // A lone surrogate encoded in UTF-8 (CESU) is not valid UTF-8 either.
    assertThrows(BadRequestResponse.class, () -> parse("Body=%ED%A0%80"));
  }

  @Test
  void brokenEscapesAndRepeatedParametersAreRefused() {
    assertThrows(BadRequestResponse.class, () -> parse("Body=%2"));
    assertThrows(BadRequestResponse.class, () -> parse("Body=%ZZ"));
    BadRequestResponse twice = assertThrows(BadRequestResponse.class, () -> parse("Body=a&Body=b"));
    assertTrue(twice.getMessage().contains("twice"));
  }

  @Test
  void onlyFormBodiesAreAccepted() {
    TwilioForm.checkContentType("application/x-www-form-urlencoded");
    TwilioForm.checkContentType("application/x-www-form-urlencoded; charset=UTF-8");
    TwilioForm.checkContentType("Application/X-WWW-Form-Urlencoded");
    for (String other : new String[] {null, "", "application/json", "text/plain", "multipart/form-data; boundary=x"}) {
      HttpResponseException e = assertThrows(HttpResponseException.class, () -> TwilioForm.checkContentType(other));
      assertEquals(415, e.getStatus(), String.valueOf(other));
    }
  }
}
