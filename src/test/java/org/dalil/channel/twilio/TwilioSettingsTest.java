package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dalil.config.ConfigException;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {
  private static final URI PUBLIC = URI.create("https://dalil.example.org");
  private static final String SID = TwilioApiStandIn.ACCOUNT_SID;

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("DALIL_PUBLIC_URL", PUBLIC.toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static void assertRefused(String variable, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> TwilioSettings.from(env, PUBLIC));
    assertTrue(e.getMessage().contains(variable), e.getMessage());
  }

  @Test
  void absentWhenNothingIsSet() {
    assertEquals(Optional.empty(), TwilioSettings.from(env(), PUBLIC));
    assertEquals(Optional.empty(), TwilioSettings.from(env("TWILIO_ACCOUNT_SID", "  "), PUBLIC));
  }

  @Test
  void readsEveryVariable() {
    TwilioSettings s = TwilioSettings.from(env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "secret",
        "TWILIO_SMS_FROM", "+212522000000", "TWILIO_WHATSAPP_FROM", "+14155238886",
        "DALIL_TWILIO_API_URL", "http://127.0.0.1:8089"), PUBLIC).orElseThrow();
    assertEquals("+212522000000", s.smsFrom());
    assertEquals("whatsapp:+14155238886", s.whatsappFrom(), "the whatsapp: prefix is added");
    assertEquals(URI.create("http://127.0.0.1:8089"), s.apiUrl());
    assertEquals("https://dalil.example.org/webhooks/twilio/status", s.publicUrl(TwilioWebhook.STATUS_PATH));
    assertTrue(s.smsEnabled());
    assertTrue(s.whatsappEnabled());
    assertFalse(s.toString().contains("secret"), "the token is never printed");
  }

  @Test
  void aMessagingServiceServesBothChannels() {
    TwilioSettings s = TwilioSettings.from(env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_MESSAGING_SERVICE_SID", "MG" + "0123456789abcdef".repeat(2)), PUBLIC).orElseThrow();
    assertNull(s.smsFrom());
    assertTrue(s.smsEnabled());
    assertTrue(s.whatsappEnabled());
  }

  @Test
  void badOrMissingValuesNameTheVariable() {
    assertRefused("TWILIO_ACCOUNT_SID", env("TWILIO_ACCOUNT_SID", "ACnot-a-sid", "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_SMS_FROM", "+212522000000"));
    assertRefused("TWILIO_ACCOUNT_SID", env("TWILIO_AUTH_TOKEN", "t"));
    assertRefused("TWILIO_AUTH_TOKEN", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_SMS_FROM", "+212522000000"));
    assertRefused("TWILIO_SMS_FROM", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t"));
    assertRefused("TWILIO_SMS_FROM", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_SMS_FROM", "0522000000"));
    assertRefused("TWILIO_WHATSAPP_FROM", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_WHATSAPP_FROM", "whatsapp:14155238886"));
    assertRefused("TWILIO_MESSAGING_SERVICE_SID", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_MESSAGING_SERVICE_SID", "MG123"));
    assertRefused("DALIL_TWILIO_API_URL", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_SMS_FROM", "+212522000000", "DALIL_TWILIO_API_URL", "ftp://stand-in"));
    Map<String, String> noPublicUrl = env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_SMS_FROM", "+212522000000");
    noPublicUrl.remove("DALIL_PUBLIC_URL");
    assertRefused("DALIL_PUBLIC_URL", noPublicUrl);
  }

  @Test
  void anAlphanumericSenderIdIsAccepted() {
    TwilioSettings s = TwilioSettings.from(env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_SMS_FROM", "Dalil"), PUBLIC).orElseThrow();
    assertEquals("Dalil", s.smsFrom());
    assertFalse(s.whatsappEnabled());
  }

  @Test
  void reengageTemplatesAreReadPerLanguageWithOneForTheOthers() {
    String fr = "HX" + "1".repeat(32);
    String any = "HX" + "2".repeat(32);
    TwilioSettings s = TwilioSettings.from(env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_WHATSAPP_FROM", "+14155238886", "TWILIO_REENGAGE_CONTENT_SID_FR", fr,
        "TWILIO_REENGAGE_CONTENT_SID", any), PUBLIC).orElseThrow();
    assertEquals(Optional.of(fr), s.reengage().contentSid("fr"));
    assertEquals(Optional.of(any), s.reengage().contentSid("ar"));
    assertTrue(s.canReengage("whatsapp", "ar"));
    assertFalse(s.canReengage("sms", "fr"), "an SMS has no window, and no template");

    TwilioSettings onlyFrench = TwilioSettings.from(env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_WHATSAPP_FROM", "+14155238886", "TWILIO_REENGAGE_CONTENT_SID_FR", fr), PUBLIC).orElseThrow();
    assertTrue(onlyFrench.canReengage("whatsapp", "fr"));
    assertFalse(onlyFrench.canReengage("whatsapp", "en"));
  }

  @Test
  void aMalformedReengageTemplateIsRefusedByName() {
    assertRefused("TWILIO_REENGAGE_CONTENT_SID_AR", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_WHATSAPP_FROM", "+14155238886", "TWILIO_REENGAGE_CONTENT_SID_AR", "HX123"));
    assertRefused("TWILIO_REENGAGE_CONTENT_SID_ARABIC", env("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN", "t",
        "TWILIO_WHATSAPP_FROM", "+14155238886", "TWILIO_REENGAGE_CONTENT_SID_ARABIC", "HX" + "1".repeat(32)));
    assertRefused("TWILIO_ACCOUNT_SID", env("TWILIO_REENGAGE_CONTENT_SID", "HX" + "1".repeat(32)));
  }
}
