package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.store.Delivery;
import org.dalil.store.DeliveryDao;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.dalil.store.OutboxStatus;
import org.dalil.web.TestServer;
import org.dalil.store.TestDatabases;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twilio end to end: the webhook bodies Twilio's documentation shows, signed as Twilio signs them
 * for the public URL (Dalil is behind a TLS proxy here: the test calls http://127.0.0.1, Twilio
 * signed https://dalil.example.org), through the whole server on a test database, and the
 * replies through the outbox and the real SDK to a stand-in for Twilio's API.
 */
class TwilioContractTest {
  private static final String PUBLIC_URL = "https://dalil.example.org";
  private static final String SMS_NUMBER = "+212522000000";
  private static final String WHATSAPP_SENDER = "whatsapp:+14155238886";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REENGAGE_FR = "HX" + "0123456789abcdef".repeat(2);

  private static TwilioApiStandIn twilio;
  private static TestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    twilio = new TwilioApiStandIn();
    Map<String, String> env = TwilioFixtures.serverEnv(twilio, SMS_NUMBER, WHATSAPP_SENDER, PUBLIC_URL);
    env.put("DALIL_OUTBOX_RETRY_BASE_SECONDS", "1");
    env.put("DALIL_OUTBOX_RETRY_MAX_SECONDS", "1");
    env.put("TWILIO_REENGAGE_CONTENT_SID_FR", REENGAGE_FR);
    server = TestServer.start(TestServer.MINIMAL_CONTENT, false, env);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  private static Jdbi jdbi() {
    return server.database.database().jdbi();
  }

  // --- posting as Twilio does ---------------------------------------------------------------

  private HttpResponse<String> post(String path, Map<String, String> form, String signature) throws Exception {
    return post(path, "application/x-www-form-urlencoded",
        TwilioFixtures.encode(form).getBytes(StandardCharsets.UTF_8), signature);
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + path))
        .header("Content-Type", contentType)
        .header("User-Agent", "TwilioProxy/1.1")
        // A client that sends a huge body at once may lose the 413 to the connection's reset when
        // the server closes without reading it; asking first (as curl does) gets the 413 every time.
        .expectContinue(body.length > 64 * 1024)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String sign(String path, Map<String, String> form) {
    return TwilioFixtures.signature(TwilioApiStandIn.AUTH_TOKEN, PUBLIC_URL + path, form);
  }

  /** Posts a signed inbound message and checks Twilio gets an empty TwiML answer. */
  private void message(Map<String, String> form) throws Exception {
    HttpResponse<String> r = post(TwilioWebhook.MESSAGES_PATH, form, sign(TwilioWebhook.MESSAGES_PATH, form));
    assertEquals(200, r.statusCode(), r.body());
    String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
    assertEquals("text/xml;charset=utf-8", type);
    assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>", r.body().strip());
  }

  private HttpResponse<String> status(Map<String, String> form) throws Exception {
    return post(TwilioWebhook.STATUS_PATH, form, sign(TwilioWebhook.STATUS_PATH, form));
  }

  /** A fixture as another contact would send it: its own number and a fresh message SID. */
  private static LinkedHashMap<String, String> from(String fixture, String from, String body) {
    LinkedHashMap<String, String> form = TwilioFixtures.load(fixture);
    String sid = TwilioFixtures.sid(form.get("MessageSid").substring(0, 2));
    form.replaceAll((k, v) -> k.endsWith("Sid") && v.equals(form.get("MessageSid")) ? sid : v);
    form.put("From", from);
    if (form.containsKey("WaId")) {
      form.put("WaId", from.replace("whatsapp:+", ""));
    }
    if (body != null) {
      form.put("Body", body);
    }
    return form;
  }

  // --- reading what happened -----------------------------------------------------------------

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static long contactId(String channel, String address) {
    return jdbi().withHandle(h -> h.createQuery("SELECT id FROM contacts WHERE channel = :c AND address_hash = :a")
        .bind("c", channel).bind("a", TestDatabases.addressHash(channel, address)).mapTo(Long.class).findOne()).orElseThrow();
  }

  private static long contacts(String address) {
    return jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM contacts WHERE address_hash = ANY(:a)")
        .bind("a", TestDatabases.addressHashes(address)).mapTo(Long.class).one());
  }

  private static List<OutboxRow> outbox(long contactId) {
    return jdbi().withExtension(OutboxDao.class, d -> d.forContact(contactId));
  }

  /** Waits until every outbox row of the contact is sent or failed; returns them. */
  private static List<OutboxRow> settledOutbox(long contactId) throws InterruptedException {
    await("the outbox of contact " + contactId, () -> {
      List<OutboxRow> rows = outbox(contactId);
      return !rows.isEmpty() && rows.stream().allMatch(r -> r.status() == OutboxStatus.SENT || r.status() == OutboxStatus.FAILED);
    });
    return outbox(contactId);
  }

  private static List<String> bodies(List<TwilioApiStandIn.Call> calls) {
    return calls.stream().map(c -> c.form().get("Body")).toList();
  }

  private static String squeezed(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** Every outbox row reached Twilio, in order (a long SMS in parts), and the SIDs were recorded. */
  private static List<TwilioApiStandIn.Call> assertRepliesReachedTwilio(long contactId, String to, String from)
      throws InterruptedException {
    List<OutboxRow> rows = settledOutbox(contactId);
    assertTrue(rows.stream().allMatch(r -> r.status() == OutboxStatus.SENT), rows.toString());
    List<TwilioApiStandIn.Call> calls = twilio.callsTo(to);
    StringBuilder expected = new StringBuilder();
    rows.forEach(r -> expected.append(r.payload().asPlainText()).append(' '));
    StringBuilder received = new StringBuilder();
    calls.forEach(c -> received.append(c.form().get("Body")).append(' '));
    assertEquals(squeezed(expected.toString()), squeezed(received.toString()), "every reply, in order");
    for (TwilioApiStandIn.Call call : calls) {
      assertEquals("/2010-04-01/Accounts/" + TwilioApiStandIn.ACCOUNT_SID + "/Messages.json", call.path());
      assertEquals(from, call.form().get("From"));
    }
    List<String> recorded = new ArrayList<>();
    for (OutboxRow row : rows) {
      Delivery d = jdbi().withExtension(DeliveryDao.class, dao -> dao.find(row.messageId())).orElseThrow();
      assertEquals(DeliveryStatus.QUEUED, d.status());
      assertTrue(d.segments() != null && d.segments() >= 1, d.toString());
      recorded.add(d.providerMessageId());
    }
    List<String> statusCallbackSids = calls.stream().filter(c -> c.form().containsKey("StatusCallback"))
        .map(TwilioApiStandIn.Call::sid).toList();
    assertEquals(statusCallbackSids, recorded, "each message's SID is recorded: the one that reports statuses");
    calls.stream().filter(c -> c.form().containsKey("StatusCallback")).forEach(c ->
        assertEquals(PUBLIC_URL + TwilioWebhook.STATUS_PATH, c.form().get("StatusCallback")));
    return calls;
  }

  // --- the tests ------------------------------------------------------------------------------

  @Test
  void anSmsConversationIsAnsweredBySmsThroughTwilio() throws Exception {
    String phone = TwilioFixtures.phone();
    message(from("sms.form", phone, "Bonjour"));
    long contact = contactId("sms", phone);
    int welcome = assertRepliesReachedTwilio(contact, phone, SMS_NUMBER).size();

    message(from("sms.form", phone, "1"));
    await("the French welcome", () -> twilio.callsTo(phone).size() >= welcome + 2);
    List<TwilioApiStandIn.Call> calls = assertRepliesReachedTwilio(contact, phone, SMS_NUMBER);
    assertEquals(List.of(
            "Dalil donne des informations gratuites. 0 = menu, langue = changer de langue.",
            "Sur quel sujet ? Répondez par le numéro.\n1. Santé\n2. Trouver une association\n3. Parler à un bénévole\n4. Quitter"),
        bodies(calls.subList(welcome, calls.size())));
  }

  @Test
  void whatsAppTextMediaAndLocationAreAnsweredOnWhatsApp() throws Exception {
    String address = "whatsapp:" + TwilioFixtures.phone();
    message(from("whatsapp-text.form", address, "Salam"));
    long contact = contactId("whatsapp", address);
    assertRepliesReachedTwilio(contact, address, WHATSAPP_SENDER);
    message(from("whatsapp-text.form", address, "1"));
    await("the French menu", () -> outbox(contact).size() >= 3);
    int before = assertRepliesReachedTwilio(contact, address, WHATSAPP_SENDER).size();

    message(from("whatsapp-media.form", address, null));
    await("the answer to the photo", () -> twilio.callsTo(address).size() >= before + 1);
    message(from("whatsapp-location.form", address, null));
    await("the answer to the location", () -> twilio.callsTo(address).size() >= before + 2);
    List<TwilioApiStandIn.Call> calls = assertRepliesReachedTwilio(contact, address, WHATSAPP_SENDER);
    assertEquals(List.of("Je ne peux lire que du texte.", "Je ne peux lire que du texte."),
        bodies(calls.subList(before, calls.size())));

    List<Map<String, Object>> inbound = jdbi().withHandle(h -> h.createQuery("""
            SELECT body, input_kind FROM messages WHERE contact_id = :c AND direction = 'in' ORDER BY id""")
        .bind("c", contact).mapToMap().list());
    assertEquals(4, inbound.size());
    assertEquals(Map.of("body", "Salam"), withoutNulls(inbound.get(0)));
    assertEquals(Map.of("body", "", "input_kind", "media"), withoutNulls(inbound.get(2)));
    assertEquals(Map.of("body", "", "input_kind", "location"), withoutNulls(inbound.get(3)));
    String everything = jdbi().withHandle(h -> h.createQuery("""
            SELECT string_agg(m.body, ' ') || ' ' || string_agg(DISTINCT c.address_masked, ' ')
            FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE c.id = :c""")
        .bind("c", contact).mapTo(String.class).one());
    for (String kept : List.of("api.twilio.com", "ME0f1e2d", "33.57", "-7.58", "Casablanca", "Amina")) {
      assertFalse(everything.contains(kept), "stored: " + kept);
    }
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> row) {
    Map<String, Object> m = new HashMap<>(row);
    m.values().removeIf(v -> v == null);
    return m;
  }

  /** One inbound message stored for the SMS contact, and one set of replies at Twilio. */
  private void assertStoredAndAnsweredOnce(String phone) throws Exception {
    long contact = contactId("sms", phone);
    List<TwilioApiStandIn.Call> calls = assertRepliesReachedTwilio(contact, phone, SMS_NUMBER);
    Thread.sleep(500);
    assertEquals(calls.size(), twilio.callsTo(phone).size(), "no second set of replies");
    int inbound = jdbi().withExtension(MessageDao.class, d -> d.count(contact, "in"));
    assertEquals(1, inbound);
  }

  @Test
  void aMessageDeliveredTwiceIsAnsweredOnce() throws Exception {
    String phone = TwilioFixtures.phone();
    Map<String, String> form = from("sms.form", phone, "Bonjour");
    message(form);
    message(form);
    assertStoredAndAnsweredOnce(phone);
  }

  @Test
  void theSameMessageAgainFromTheFallbackUrlIsAcceptedAndAnsweredOnce() throws Exception {
    // The number's "Primary handler fails" URL set to this same webhook: after a timeout or a 5xx,
    // Twilio posts the message there with ErrorCode and ErrorUrl added.
    String phone = TwilioFixtures.phone();
    Map<String, String> form = from("sms.form", phone, "Bonjour");
    message(form);
    LinkedHashMap<String, String> again = new LinkedHashMap<>(form);
    again.put("ErrorCode", "11200");
    again.put("ErrorUrl", PUBLIC_URL + TwilioWebhook.MESSAGES_PATH);
    message(again);
    assertStoredAndAnsweredOnce(phone);
  }

  @Test
  void anUnsignedOrMissignedRequestIsRefusedAndNothingIsStored() throws Exception {
    String phone = TwilioFixtures.phone();
    Map<String, String> form = from("sms.form", phone, "Bonjour");
    String path = TwilioWebhook.MESSAGES_PATH;

    assertEquals(403, post(path, form, null).statusCode());
    assertEquals(403, post(path, form, "").statusCode());
    assertEquals(403, post(path, form, TwilioFixtures.signature("another-token", PUBLIC_URL + path, form)).statusCode());
    String local = "http://127.0.0.1:" + server.app.port() + path;
    assertEquals(403, post(path, form, TwilioFixtures.signature(TwilioApiStandIn.AUTH_TOKEN, local, form)).statusCode(),
        "the signature is checked against DALIL_PUBLIC_URL, not the URL the proxy called");
    String signed = sign(path, form);
    Map<String, String> tampered = new LinkedHashMap<>(form);
    tampered.put("Body", "Bonjour!");
    assertEquals(403, post(path, tampered, signed).statusCode());
    assertEquals(403, post(path + "?x=1", form, signed).statusCode(), "the query string is signed too");

    Map<String, String> statusForm = TwilioFixtures.load("status-sms-delivered.form");
    assertEquals(403, post(TwilioWebhook.STATUS_PATH, statusForm, null).statusCode());

    Thread.sleep(300);
    assertEquals(0, contacts(phone));
    assertEquals(0, twilio.callsTo(phone).size());
  }

  @Test
  void aSignedQueryStringIsAccepted() throws Exception {
    String phone = TwilioFixtures.phone();
    Map<String, String> form = from("sms.form", phone, "Bonjour");
    String path = TwilioWebhook.MESSAGES_PATH + "?source=console";
    HttpResponse<String> r = post(path, form, sign(path, form));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, contacts(phone));
  }

  @Test
  void badInputsGetAClear4xxAndNothingIsStored() throws Exception {
    String path = TwilioWebhook.MESSAGES_PATH;
    List<String> phones = new ArrayList<>();

    for (String field : List.of("MessageSid", "From")) {
      String phone = TwilioFixtures.phone();
      phones.add(phone);
      Map<String, String> form = from("sms.form", phone, "Bonjour");
      form.remove(field);
      assertError(post(path, form, sign(path, form)), 400, field);
    }

    String phone = TwilioFixtures.phone();
    phones.add(phone);
    Map<String, String> form = from("sms.form", phone, "Bonjour");
    String json = JSON.writeValueAsString(form);
    assertError(post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), sign(path, form)), 415,
        "x-www-form-urlencoded");

    String invalid = TwilioFixtures.encode(form).replace("Body=Bonjour", "Body=Bonjour%C3%28");
    assertError(post(path, "application/x-www-form-urlencoded", invalid.getBytes(StandardCharsets.UTF_8),
        sign(path, form)), 400, "UTF-8");
    byte[] rawInvalid = (TwilioFixtures.encode(form) + "&Extra=").getBytes(StandardCharsets.UTF_8);
    byte[] withByte = java.util.Arrays.copyOf(rawInvalid, rawInvalid.length + 1);
    withByte[rawInvalid.length] = (byte) 0xC3;
    assertError(post(path, "application/x-www-form-urlencoded", withByte, sign(path, form)), 400, "UTF-8");

    Map<String, String> huge = new LinkedHashMap<>(form);
    huge.put("Body", "x".repeat(1024 * 1024));
    assertEquals(413, statusBeforeTheBody(path, huge, sign(path, huge)));

    Thread.sleep(300);
    for (String p : phones) {
      assertEquals(0, contacts(p), "nothing stored");
      assertEquals(0, twilio.callsTo(p).size());
    }
  }

  /**
   * The status the server answers to a request that announces its body and waits for leave to
   * send it ({@code Expect: 100-continue}, as curl does for a large body): a body over the limit
   * is refused from its length, unread. Sending it anyway races the server's close, and the
   * connection's reset may discard the answer (this test failed that way now and then).
   */
  private int statusBeforeTheBody(String path, Map<String, String> form, String signature) throws Exception {
    byte[] body = TwilioFixtures.encode(form).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
      socket.setSoTimeout(10_000);
      String head = "POST " + path + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + server.app.port() + "\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: " + body.length + "\r\n"
          + "Expect: 100-continue\r\n"
          + "X-Twilio-Signature: " + signature + "\r\n"
          + "User-Agent: TwilioProxy/1.1\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertTrue(statusLine != null && statusLine.startsWith("HTTP/1.1 "), "status line: " + statusLine);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String mentions) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    String error = JSON.readTree(r.body()).get("error").asText();
    assertTrue(error.contains(mentions), error);
  }

  @Test
  void statusCallbacksMoveTheDeliveryStatusForward() throws Exception {
    String phone = TwilioFixtures.phone();
    message(from("sms.form", phone, "Bonjour"));
    long contact = contactId("sms", phone);
    settledOutbox(contact);
    message(from("sms.form", phone, "1"));
    await("three replies", () -> outbox(contact).size() == 3);
    List<OutboxRow> rows = settledOutbox(contact);
    long messageId = rows.get(0).messageId();
    String sid = delivery(messageId).providerMessageId();

    Map<String, String> delivered = TwilioFixtures.load("status-sms-delivered.form");
    delivered.put("MessageSid", sid);
    delivered.put("SmsSid", sid);
    delivered.put("To", phone);
    assertEquals(204, status(delivered).statusCode());
    assertEquals(DeliveryStatus.DELIVERED, delivery(messageId).status());

    Map<String, String> lateSent = new LinkedHashMap<>(delivered);
    lateSent.put("MessageStatus", "sent");
    lateSent.put("SmsStatus", "sent");
    assertEquals(204, status(lateSent).statusCode());
    assertEquals(DeliveryStatus.DELIVERED, delivery(messageId).status(), "a late 'sent' does not undo 'delivered'");

    long second = rows.get(1).messageId();
    Map<String, String> undelivered = TwilioFixtures.load("status-sms-undelivered.form");
    String secondSid = delivery(second).providerMessageId();
    undelivered.put("MessageSid", secondSid);
    undelivered.put("SmsSid", secondSid);
    undelivered.put("To", phone);
    assertEquals(204, status(undelivered).statusCode());
    assertEquals(DeliveryStatus.UNDELIVERED, delivery(second).status());
    assertEquals("30003", delivery(second).errorCode());
    assertEquals(DeliveryStatus.QUEUED, delivery(rows.get(2).messageId()).status(), "other messages are untouched");

    Map<String, String> unknown = TwilioFixtures.load("status-sms-delivered.form");
    assertEquals(204, status(unknown).statusCode(), "a status for a message not known (yet) is accepted");
    Map<String, String> badCode = new LinkedHashMap<>(delivered);
    badCode.put("ErrorCode", "30003; DROP TABLE messages");
    assertEquals(400, status(badCode).statusCode());
  }

  @Test
  void whatsAppReadReceiptsAreRecorded() throws Exception {
    String address = "whatsapp:" + TwilioFixtures.phone();
    message(from("whatsapp-text.form", address, "Salam"));
    long contact = contactId("whatsapp", address);
    long messageId = settledOutbox(contact).get(0).messageId();
    String sid = delivery(messageId).providerMessageId();
    Map<String, String> read = TwilioFixtures.load("status-whatsapp-read.form");
    read.put("MessageSid", sid);
    read.put("SmsSid", sid);
    read.put("To", address);
    assertEquals(204, status(read).statusCode());
    assertEquals(DeliveryStatus.READ, delivery(messageId).status());
  }

  private static Delivery delivery(long messageId) {
    return jdbi().withExtension(DeliveryDao.class, d -> d.find(messageId)).orElseThrow();
  }

  @Test
  void whatsAppOutsideTheWindowIsNotSentAndTheReasonIsStored() throws Exception {
    String address = "whatsapp:" + TwilioFixtures.phone();
    message(from("whatsapp-text.form", address, "Salam"));
    long contact = contactId("whatsapp", address);
    settledOutbox(contact);
    int sentBefore = twilio.callsTo(address).size();

    // A day and an hour later, a volunteer answers.
    jdbi().useHandle(h -> h.createUpdate("""
        UPDATE messages SET created_at = now() - interval '25 hours' WHERE contact_id = :c AND direction = 'in'""")
        .bind("c", contact).execute());
    OutboundMessage answer = new OutboundMessage("Bonjour, je suis bénévole.", List.of(), "fr");
    long outboxId = jdbi().inTransaction(h -> {
      long messageId = h.attach(MessageDao.class).insertOutbound(contact, "whatsapp", answer.asPlainText(), null);
      return h.attach(OutboxDao.class).insert(messageId, contact, "whatsapp", answer);
    });
    await("the outbox to give up", () -> jdbi().withExtension(OutboxDao.class, d -> d.find(outboxId))
        .orElseThrow().status() == OutboxStatus.FAILED);
    OutboxRow row = jdbi().withExtension(OutboxDao.class, d -> d.find(outboxId)).orElseThrow();
    assertTrue(row.lastError().startsWith(TwilioSender.WINDOW_CLOSED), row.lastError());
    assertEquals(1, row.attempts(), "not retried");
    Delivery d = delivery(row.messageId());
    assertEquals(DeliveryStatus.FAILED, d.status());
    assertEquals(TwilioSender.WINDOW_CLOSED, d.errorCode());
    assertEquals(sentBefore, twilio.callsTo(address).size(), "nothing was sent to Twilio");
  }

  @Test
  void aVolunteersReplyOutsideTheWindowSendsTheTemplateThenGoesOutWhenTheContactWritesBack() throws Exception {
    String address = "whatsapp:" + TwilioFixtures.phone();
    message(from("whatsapp-text.form", address, "humain"));
    long contact = contactId("whatsapp", address);
    settledOutbox(contact);
    long handoff = jdbi().withExtension(org.dalil.store.HandoffDao.class, d -> d.findOpen(contact)).orElseThrow().id();
    long volunteer = jdbi().withExtension(org.dalil.web.auth.VolunteerDao.class,
        d -> d.insert("wa-" + contact + "@example.org", "Awa", "not a hash", "volunteer", new String[] {"fr"}));
    org.dalil.handoff.Actor actor = new org.dalil.handoff.Actor(volunteer, false, List.of("fr"));
    org.dalil.handoff.InboxService inbox = server.app.inbox().service();
    assertTrue(inbox.claim(actor, handoff).ok());
    jdbi().useHandle(h -> h.createUpdate("UPDATE messages SET created_at = now() - interval '25 hours' WHERE contact_id = :c")
        .bind("c", contact).execute());
    int sentBefore = twilio.callsTo(address).size();

    assertInstanceOf(org.dalil.handoff.Outcome.Held.class, inbox.reply(actor, handoff, "Voici l'adresse à Oujda."));
    List<TwilioApiStandIn.Call> calls = twilio.awaitCallsTo(address, sentBefore + 1, WAIT);
    TwilioApiStandIn.Call template = calls.getLast();
    assertEquals(REENGAGE_FR, template.form().get("ContentSid"));
    assertEquals(WHATSAPP_SENDER, template.form().get("From"));
    assertFalse(template.form().containsKey("Body"), "our own words would be refused outside the window");
    List<OutboxRow> rows = settledOutbox(contact);
    assertEquals(OutboxStatus.SENT, rows.getLast().status());
    assertEquals(template.sid(), delivery(rows.getLast().messageId()).providerMessageId(),
        "its delivery is followed like any message's");

    message(from("whatsapp-text.form", address, "bonjour"));
    calls = twilio.awaitCallsTo(address, sentBefore + 2, WAIT);
    assertEquals("Voici l'adresse à Oujda.", calls.getLast().form().get("Body"), "the held reply reached the contact");
    assertEquals(sentBefore + 2, twilio.callsTo(address).size(), "and nothing else: the bot stays silent in a handoff");
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedUntilTwilioTakesTheReply() throws Exception {
    String phone = TwilioFixtures.phone();
    twilio.scriptFor(phone, TwilioApiStandIn.Scripted.error(429, 20429), TwilioApiStandIn.Scripted.error(500, null));
    message(from("sms.form", phone, "Bonjour"));
    long contact = contactId("sms", phone);
    List<OutboxRow> rows = settledOutbox(contact);
    assertTrue(rows.stream().allMatch(r -> r.status() == OutboxStatus.SENT), rows.toString());
    assertEquals(3, rows.get(0).attempts());
    List<TwilioApiStandIn.Call> calls = twilio.callsTo(phone);
    assertEquals(calls.get(0).form(), calls.get(1).form(), "the same request again");
    assertEquals(calls.get(0).form(), calls.get(2).form());
    assertEquals(null, calls.get(0).sid());
    String accepted = calls.stream().filter(c -> c.sid() != null && c.form().containsKey("StatusCallback"))
        .findFirst().orElseThrow().sid();
    assertEquals(accepted, delivery(rows.get(0).messageId()).providerMessageId(), "the accepted attempt's SID is recorded");
  }

  @Test
  void anInvalidNumberFailsForGoodWithTwilioCode() throws Exception {
    String phone = TwilioFixtures.phone();
    twilio.scriptFor(phone, TwilioApiStandIn.Scripted.error(400, 21211));
    message(from("sms.form", phone, "Bonjour"));
    long contact = contactId("sms", phone);
    OutboxRow first = settledOutbox(contact).get(0);
    assertEquals(OutboxStatus.FAILED, first.status());
    assertEquals(1, first.attempts());
    assertTrue(first.lastError().startsWith("21211"), first.lastError());
    assertFalse(first.lastError().contains(phone));
    assertEquals("21211", delivery(first.messageId()).errorCode());
  }
}
