package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hc.core5.util.Timeout;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendException;
import org.dalil.channel.SendResult;
import org.dalil.channel.SmsSegments;
import org.dalil.store.ContactDao;
import org.dalil.store.MessageDao;
import org.dalil.store.TestDatabaseExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sender through the real Twilio SDK, redirected by {@code DALIL_TWILIO_API_URL} to a local
 * stand-in that answers as Twilio does: endpoint, credentials, parameters, splitting, error
 * mapping and the WhatsApp window.
 */
class TwilioSenderTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private static final String SMS_FROM = "+212522000000";
  private static final String WHATSAPP_FROM = "whatsapp:+14155238886";
  private static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + TwilioApiStandIn.ACCOUNT_SID + "/Messages.json";
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static final String TEMPLATE_FR = "HX" + "a".repeat(32);
  private static final String TEMPLATE_AR = "HX" + "b".repeat(32);
  private static final ReengageTemplates TEMPLATES =
      new ReengageTemplates(Map.of("fr", TEMPLATE_FR, "ar", TEMPLATE_AR), null);

  private static TwilioApiStandIn twilio;

  @BeforeAll
  static void startStandIn() throws Exception {
    twilio = new TwilioApiStandIn();
  }

  @AfterAll
  static void stopStandIn() {
    twilio.close();
  }

  private static TwilioSettings settings(String messagingServiceSid) {
    return TwilioSettings.from(Map.of(
        "TWILIO_ACCOUNT_SID", TwilioApiStandIn.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", TwilioApiStandIn.AUTH_TOKEN,
        messagingServiceSid == null ? "TWILIO_SMS_FROM" : "TWILIO_MESSAGING_SERVICE_SID",
        messagingServiceSid == null ? SMS_FROM : messagingServiceSid,
        "DALIL_TWILIO_API_URL", twilio.url(),
        "DALIL_PUBLIC_URL", "https://dalil.example.org"), URI.create("https://dalil.example.org")).orElseThrow();
  }

  private static TwilioSender sender(String channel, Clock clock, Timeout timeout) {
    TwilioSettings s = settings(null);
    return new TwilioSender(channel, TwilioSender.client(s, timeout),
        channel.equals("sms") ? SMS_FROM : WHATSAPP_FROM, null,
        URI.create("https://dalil.example.org/webhooks/twilio/status"), db.database().jdbi(), clock, TEMPLATES);
  }

  private static TwilioSender sms() {
    return sender("sms", Clock.systemUTC(), Timeout.ofSeconds(10));
  }

  private static TwilioSender whatsapp(Instant now) {
    return sender("whatsapp", Clock.fixed(now, ZoneOffset.UTC), Timeout.ofSeconds(10));
  }

  private static OutboundMessage text(String text) {
    return new OutboundMessage(text, List.of(), "fr");
  }

  @Test
  void anSmsIsPostedToTheAccountsMessagesWithCredentialsAndStatusCallback() throws Exception {
    String to = TwilioFixtures.phone();
    OutboundMessage menu = new OutboundMessage("Sur quel sujet ? Répondez par le numéro.",
        List.of(new OutboundMessage.Option(1, "Santé"), new OutboundMessage.Option(2, "Papiers")), "fr");
    SendResult result = sms().deliver(to, menu);

    List<TwilioApiStandIn.Call> calls = twilio.callsTo(to);
    assertEquals(1, calls.size());
    TwilioApiStandIn.Call call = calls.get(0);
    assertEquals("POST", call.method());
    assertEquals(MESSAGES_PATH, call.path());
    assertTrue(call.contentType().startsWith("application/x-www-form-urlencoded"), call.contentType());
    assertEquals("Basic " + Base64.getEncoder().encodeToString(
        (TwilioApiStandIn.ACCOUNT_SID + ":" + TwilioApiStandIn.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)),
        call.authorization());
    assertEquals(Map.of("To", to, "From", SMS_FROM,
        "Body", "Sur quel sujet ? Répondez par le numéro.\n1. Santé\n2. Papiers",
        "StatusCallback", "https://dalil.example.org/webhooks/twilio/status"), call.form());
    assertTrue(result.providerMessageId().matches("SM[0-9a-f]{32}"), result.providerMessageId());
    assertEquals(1, result.segments());
    assertEquals(DeliveryStatus.QUEUED, result.status());
  }

  @Test
  void aLongArabicSmsGoesInSentencePartsOfAtMostThreeSegmentsInOrder() throws Exception {
    String to = TwilioFixtures.phone();
    String text = "مرحبا بك في دليل. هل لديك بطاقة إقامة؟ إذا انتهت صلاحيتها، اذهب إلى مصلحة الأجانب في مدينتك. "
        + "خذ معك جواز السفر وصورتين وعقد الكراء وشهادة العمل إن كانت لديك. يمكن لجمعية أن ترافقك وتساعدك في ملء "
        + "الاستمارة. إذا رفضوا طلبك، اطلب وصلا مكتوبا. اكتب 0 للعودة إلى القائمة.";
    assertTrue(SmsSegments.segments(text) > 3, "the test needs a text longer than three segments");
    SendResult result = sms().deliver(to, text(text));

    List<TwilioApiStandIn.Call> calls = twilio.callsTo(to);
    assertTrue(calls.size() >= 2, "sent in parts: " + calls.size());
    int segments = 0;
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < calls.size(); i++) {
      String body = calls.get(i).form().get("Body");
      assertTrue(SmsSegments.segments(body) <= 3, "part " + i + " is " + SmsSegments.segments(body) + " segments");
      assertTrue(body.endsWith(".") || body.endsWith("؟"), "part " + i + " is not cut at a sentence end: " + body);
      boolean last = i == calls.size() - 1;
      assertEquals(last, calls.get(i).form().containsKey("StatusCallback"), "only the last part asks for statuses");
      segments += SmsSegments.segments(body);
      joined.append(i == 0 ? "" : " ").append(body);
    }
    assertEquals(text, joined.toString(), "the parts are the text, in order");
    assertEquals(segments, result.segments(), "the segments of every part are recorded");
    assertEquals(calls.size(), twilio.calls(c -> to.equals(c.to())).size());
  }

  @Test
  void aMessagingServiceSendsWithoutFrom() throws Exception {
    String service = "MG" + "fedcba9876543210".repeat(2);
    TwilioSettings s = settings(service);
    TwilioSender sender = (TwilioSender) TwilioSender.create(s, db.database().jdbi(), Clock.systemUTC()).get(0);
    String to = TwilioFixtures.phone();
    sender.deliver(to, text("Bonjour"));
    Map<String, String> form = twilio.callsTo(to).get(0).form();
    assertEquals(service, form.get("MessagingServiceSid"));
    assertNull(form.get("From"));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetryableWithoutQuotingTwilio() {
    String to = TwilioFixtures.phone();
    twilio.scriptFor(to, TwilioApiStandIn.Scripted.error(429, 20429), TwilioApiStandIn.Scripted.error(500, null),
        TwilioApiStandIn.Scripted.error(503, 20500));
    SendException limited = assertThrows(SendException.class, () -> sms().deliver(to, text("a")));
    assertTrue(limited.retryable());
    assertEquals("20429", limited.errorCode());
    SendException server = assertThrows(SendException.class, () -> sms().deliver(to, text("a")));
    assertTrue(server.retryable());
    assertEquals("500", server.errorCode(), "without a Twilio code, the HTTP status");
    SendException unavailable = assertThrows(SendException.class, () -> sms().deliver(to, text("a")));
    assertTrue(unavailable.retryable());
    assertEquals(3, twilio.callsTo(to).size(), "one request per attempt: the SDK's own retries are off");
    for (SendException e : List.of(limited, server, unavailable)) {
      assertFalse(e.getMessage().contains("+212"), "Twilio's message quotes the number: " + e.getMessage());
    }
  }

  @Test
  void otherClientErrorsArePermanentWithTwilioCode() {
    String to = TwilioFixtures.phone();
    twilio.scriptFor(to, TwilioApiStandIn.Scripted.error(400, 21211), TwilioApiStandIn.Scripted.error(400, 21610));
    SendException invalid = assertThrows(SendException.class, () -> sms().deliver(to, text("a")));
    assertFalse(invalid.retryable());
    assertEquals("21211", invalid.errorCode());
    assertTrue(invalid.getMessage().contains("invalid 'To' phone number"), invalid.getMessage());
    assertFalse(invalid.getMessage().contains("+212600000000"));
    SendException unsubscribed = assertThrows(SendException.class, () -> sms().deliver(to, text("a")));
    assertFalse(unsubscribed.retryable());
    assertEquals("21610", unsubscribed.errorCode());
  }

  @Test
  void aTimeoutIsRetryable() {
    String to = TwilioFixtures.phone();
    twilio.scriptFor(to, TwilioApiStandIn.Scripted.slow(Duration.ofSeconds(3)));
    TwilioSender impatient = sender("sms", Clock.systemUTC(), Timeout.ofMilliseconds(300));
    SendException e = assertThrows(SendException.class, () -> impatient.deliver(to, text("a")));
    assertTrue(e.retryable(), e.getMessage());
    assertNull(e.errorCode());
  }

  @Test
  void anUnreachableTwilioIsRetryable() throws Exception {
    TwilioApiStandIn gone = new TwilioApiStandIn();
    String url = gone.url();
    gone.close();
    TwilioSettings s = TwilioSettings.from(Map.of("TWILIO_ACCOUNT_SID", TwilioApiStandIn.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", "t", "TWILIO_SMS_FROM", SMS_FROM, "DALIL_TWILIO_API_URL", url,
        "DALIL_PUBLIC_URL", "https://dalil.example.org"), URI.create("https://dalil.example.org")).orElseThrow();
    TwilioSender sender = new TwilioSender("sms", TwilioSender.client(s, Timeout.ofSeconds(2)), SMS_FROM, null,
        URI.create("https://dalil.example.org/webhooks/twilio/status"), db.database().jdbi(), Clock.systemUTC(), ReengageTemplates.NONE);
    SendException e = assertThrows(SendException.class, () -> sender.deliver(TwilioFixtures.phone(), text("a")));
    assertTrue(e.retryable(), e.getMessage());
  }

  /** A WhatsApp contact whose last message came {@code ago} before {@link #NOW}. */
  private static String whatsappContactWhoWrote(Duration ago) {
    String address = "whatsapp:" + TwilioFixtures.phone();
    Jdbi jdbi = db.database().jdbi();
    long contact = jdbi.withExtension(ContactDao.class, d -> d.upsert("whatsapp", address));
    long message = jdbi.withExtension(MessageDao.class,
        d -> d.insertInbound(contact, "whatsapp", UUID.randomUUID().toString(), "salam")).orElseThrow();
    jdbi.useHandle(h -> h.createUpdate("UPDATE messages SET created_at = :at WHERE id = :id")
        .bind("at", NOW.minus(ago).atOffset(ZoneOffset.UTC)).bind("id", message).execute());
    return address;
  }

  @Test
  void whatsAppWithinTheWindowIsSentFromTheWhatsAppSender() throws Exception {
    String to = whatsappContactWhoWrote(Duration.ofHours(23).plusMinutes(59));
    SendResult result = whatsapp(NOW).deliver(to, text("Bienvenue"));
    Map<String, String> form = twilio.callsTo(to).get(0).form();
    assertEquals(WHATSAPP_FROM, form.get("From"));
    assertEquals("Bienvenue", form.get("Body"));
    assertEquals(1, result.segments());
  }

  @Test
  void whatsAppOutsideTheWindowIsNotAttempted() {
    String late = whatsappContactWhoWrote(Duration.ofHours(25));
    SendException closed = assertThrows(SendException.class, () -> whatsapp(NOW).deliver(late, text("Bonjour")));
    assertFalse(closed.retryable());
    assertEquals(TwilioSender.WINDOW_CLOSED, closed.errorCode());
    assertTrue(closed.getMessage().contains("25 h"), closed.getMessage());
    assertEquals(0, twilio.callsTo(late).size());

    String stranger = "whatsapp:" + TwilioFixtures.phone();
    SendException never = assertThrows(SendException.class, () -> whatsapp(NOW).deliver(stranger, text("Bonjour")));
    assertEquals(TwilioSender.WINDOW_CLOSED, never.errorCode());
    assertEquals(0, twilio.callsTo(stranger).size());
  }

  @Test
  void twilioRefusingOutsideTheWindowIsPermanentToo() {
    String to = whatsappContactWhoWrote(Duration.ofHours(1));
    twilio.scriptFor(to, TwilioApiStandIn.Scripted.error(400, 63016));
    SendException e = assertThrows(SendException.class, () -> whatsapp(NOW).deliver(to, text("Bonjour")));
    assertFalse(e.retryable());
    assertEquals("63016", e.errorCode());
  }

  @Test
  void afterACrashTwilioIsAskedWhetherItAlreadyHasTheReply() throws Exception {
    String to = TwilioFixtures.phone();
    Instant queued = Instant.now();
    OutboundMessage reply = text("Votre demande est notée.");
    SendResult sent = sms().deliver(to, reply);

    SendResult found = sms().alreadySent(to, reply, queued).orElseThrow();
    assertEquals(sent.providerMessageId(), found.providerMessageId());
    assertEquals(DeliveryStatus.QUEUED, found.status());
    assertEquals(1, found.segments());
    TwilioApiStandIn.Call lookup = twilio.calls(c -> c.method().equals("GET")).getLast();
    assertEquals(MESSAGES_PATH, lookup.path());
    assertEquals(to, lookup.form().get("To"));
    assertEquals(SMS_FROM, lookup.form().get("From"));

    assertTrue(sms().alreadySent(to, text("Autre chose."), queued).isEmpty(), "another text is not ours");
    assertTrue(sms().alreadySent(to, reply, queued.plus(Duration.ofMinutes(10))).isEmpty(),
        "a copy sent before this one was queued is an older reply");
    assertTrue(sms().alreadySent(TwilioFixtures.phone(), reply, queued).isEmpty());
  }

  @Test
  void anAddressOfTheOtherChannelIsRefusedWithoutACall() {
    SendException e = assertThrows(SendException.class, () -> sms().deliver("whatsapp:+212600000009", text("a")));
    assertFalse(e.retryable());
    assertEquals(0, twilio.callsTo("whatsapp:+212600000009").size());
  }

  @Test
  void outsideTheWindowTheRequestToWriteBackIsSentAsTheTemplateOfTheContactsLanguage() throws Exception {
    String late = whatsappContactWhoWrote(Duration.ofDays(3));
    SendResult result = whatsapp(NOW).deliver(late, OutboundMessage.reengage("اكتب لنا لقراءة الرد.", "ar"));

    List<TwilioApiStandIn.Call> calls = twilio.callsTo(late);
    assertEquals(1, calls.size());
    assertEquals(Map.of("To", late, "From", WHATSAPP_FROM, "ContentSid", TEMPLATE_AR,
        "StatusCallback", "https://dalil.example.org/webhooks/twilio/status"), calls.get(0).form(),
        "the approved template alone: WhatsApp would refuse our own words outside the window");
    assertEquals(calls.get(0).sid(), result.providerMessageId());
    assertEquals(1, result.segments());
    assertTrue(whatsapp(NOW).alreadySent(late, OutboundMessage.reengage("x", "ar"), NOW).isEmpty(),
        "a template's text is Twilio's: it cannot be recognised after a crash");
  }

  @Test
  void aLanguageWithoutItsOwnTemplateGetsTheOneForAnyLanguageOrNone() throws Exception {
    String late = whatsappContactWhoWrote(Duration.ofDays(2));
    SendException none = assertThrows(SendException.class,
        () -> whatsapp(NOW).deliver(late, OutboundMessage.reengage("Write to us to read the reply.", "en")));
    assertFalse(none.retryable());
    assertEquals(TwilioSender.NO_TEMPLATE, none.errorCode());
    assertEquals(0, twilio.callsTo(late).size());

    String any = "HX" + "c".repeat(32);
    TwilioSender withFallback = new TwilioSender("whatsapp", TwilioSender.client(settings(null), Timeout.ofSeconds(10)),
        WHATSAPP_FROM, null, URI.create("https://dalil.example.org/webhooks/twilio/status"), db.database().jdbi(),
        Clock.fixed(NOW, ZoneOffset.UTC), new ReengageTemplates(Map.of("fr", TEMPLATE_FR), any));
    withFallback.deliver(late, OutboundMessage.reengage("Write to us to read the reply.", "en"));
    assertEquals(any, twilio.callsTo(late).get(0).form().get("ContentSid"));
  }

  @Test
  void onSmsTheRequestToWriteBackIsPlainText() throws Exception {
    String to = TwilioFixtures.phone();
    sms().deliver(to, OutboundMessage.reengage("Ecrivez-nous pour lire la reponse.", "fr"));
    Map<String, String> form = twilio.callsTo(to).get(0).form();
    assertEquals("Ecrivez-nous pour lire la reponse.", form.get("Body"));
    assertNull(form.get("ContentSid"));
  }
}
