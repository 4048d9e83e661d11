package org.dalil.channel.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dalil.handoff.Actor;
import org.dalil.handoff.InboxService;
import org.dalil.privacy.DataRequests;
import org.dalil.privacy.PrivacyContent;
import org.dalil.privacy.RetentionJob;
import org.dalil.privacy.RetentionPolicy;
import org.dalil.store.DatabaseSettings;
import org.dalil.web.TestServer;
import org.dalil.web.auth.Role;
import org.dalil.web.auth.VolunteerDao;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 6: whole conversations (Twilio SMS and WhatsApp webhooks, the simulator, a volunteer's
 * reply and note, an erasure, an export, the retention job, refused requests) with known marker
 * strings in every personal value; then no log line holds a marker, and a raw dump of the
 * database holds no phone number. Lives here for Twilio's stand-in and fixtures.
 */
class NothingPersonalLeaksTest {
  private static final String PUBLIC_URL = "https://dalil.example.org";
  private static final String SMS_NUMBER = "+212522000000";
  private static final String WHATSAPP_SENDER = "whatsapp:+14155238886";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SMS_PHONE = TwilioFixtures.phone();
  private static final String WHATSAPP_PHONE = TwilioFixtures.phone();
  private static final String SIMULATOR_PHONE = TwilioFixtures.phone();
  private static final String PROFILE_NAME = "Zainab PROFILEMARKER";
  private static final List<String> MARKERS = List.of("BODYMARKER", "VARIABLEMARKER", "REPLYMARKER", "NOTEMARKER",
      "PROFILEMARKER", "REFUSEDMARKER", SMS_PHONE, WHATSAPP_PHONE, SIMULATOR_PHONE,
      national(SMS_PHONE), national(WHATSAPP_PHONE), national(SIMULATOR_PHONE));

  @TempDir static Path content;
  private static TwilioApiStandIn twilio;
  private static TestServer server;
  private static final CapturingAppender logs = new CapturingAppender();
  private static Level dalilLevel;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** A number without its country code and leading +, as it may be written elsewhere. */
  private static String national(String phone) {
    return phone.substring(4);
  }

  /** Every event, with its exception chain, as one text. */
  private static final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private final List<String> events = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder text = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      e.getMDCPropertyMap().forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        for (IThrowableProxy s : t.getSuppressed()) {
          text.append(" | suppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
        }
      }
      events.add(text.toString());
    }

    synchronized List<String> events() {
      return List.copyOf(events);
    }
  }

  @BeforeAll
  static void conversations() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger dalil = (Logger) LoggerFactory.getLogger("org.dalil");
    dalilLevel = dalil.getLevel();
    // Debug too: what an operator turns on to investigate must not leak either.
    dalil.setLevel(Level.DEBUG);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);

    twilio = new TwilioApiStandIn();
    Map<String, String> env = TwilioFixtures.serverEnv(twilio, SMS_NUMBER, WHATSAPP_SENDER, PUBLIC_URL);
    env.put("DALIL_OPENING_HOURS", "always");
    server = TestServer.start(PrivacyContent.withFreeTextQuestion(content), true, env);

    // SMS: the free-text question, answered, then a volunteer.
    for (String text : List.of("hello BODYMARKER", "3", "5", "I sleep outside VARIABLEMARKER")) {
      sms(SMS_PHONE, text);
    }
    Jdbi jdbi = server.database.database().jdbi();
    long volunteer = jdbi.withExtension(VolunteerDao.class, d -> d.insert("leak-test@example.org", "Leila",
        "not a hash", Role.ADMIN.sql(), new String[] {"fr", "ar", "en"}));
    Actor actor = new Actor(volunteer, true, List.of("fr", "ar", "en"));
    InboxService inbox = server.app.inbox().service();
    long handoff = jdbi.withHandle(h -> h.createQuery(
        "SELECT id FROM handoffs WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1").mapTo(Long.class).one());
    assertTrue(inbox.open(actor, handoff).isPresent());
    assertTrue(inbox.claim(actor, handoff).ok());
    assertTrue(inbox.reply(actor, handoff, "We will call the shelter REPLYMARKER").ok());
    assertTrue(inbox.note(actor, handoff, "Sleeps at the station NOTEMARKER").ok());
    assertTrue(inbox.revealAddress(actor, handoff).isPresent());
    sms(SMS_PHONE, "thank you BODYMARKER");
    assertTrue(inbox.resolve(actor, handoff, "informed").ok());

    // WhatsApp, with a profile name, a photo and a location.
    whatsapp("whatsapp-text.form", "Salam BODYMARKER");
    whatsapp("whatsapp-media.form", "a photo BODYMARKER");
    whatsapp("whatsapp-location.form", null);

    // The simulator, with a client message id; then the erasure keyword, confirmed.
    for (String text : List.of("bonjour BODYMARKER", "1", "SUPPRIMER", "oui")) {
      simulator(SIMULATOR_PHONE, text);
    }

    // Refused requests carry personal data too.
    LinkedHashMap<String, String> unsigned = form("sms.form", SMS_PHONE, "REFUSEDMARKER");
    HttpResponse<String> refused = post(TwilioWebhook.MESSAGES_PATH, unsigned, "not a signature");
    assertEquals(403, refused.statusCode());
    HttpResponse<String> tooLong = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/simulator/messages")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("contact", SIMULATOR_PHONE, "text", "REFUSEDMARKER ".repeat(1000))))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, tooLong.statusCode());

    // Every reply goes out through Twilio's stand-in; status callbacks come back.
    awaitOutboxSettled(jdbi);
    for (String sid : jdbi.withHandle(h -> h.createQuery(
        "SELECT provider_message_id FROM messages WHERE direction = 'out' AND channel = 'sms' AND provider_message_id IS NOT NULL")
        .mapTo(String.class).list())) {
      LinkedHashMap<String, String> status = TwilioFixtures.load("status-sms-delivered.form");
      status.replaceAll((k, v) -> k.endsWith("Sid") ? sid : v);
      status.put("To", SMS_PHONE);
      assertEquals(2, post(TwilioWebhook.STATUS_PATH, status, sign(TwilioWebhook.STATUS_PATH, status)).statusCode() / 100);
    }

    // An admin exports a contact's data; the jobs run.
    long smsContact = jdbi.withExtension(org.dalil.store.ContactDao.class, d -> d.findId("sms", SMS_PHONE)).orElseThrow();
    assertTrue(new DataRequests(jdbi, java.time.Clock.systemUTC()).export(volunteer, smsContact).isPresent());
    assertTrue(new RetentionJob(jdbi, RetentionPolicy.defaults(), java.time.Clock.systemUTC()).run().ran());
  }

  @AfterAll
  static void stop() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("org.dalil")).setLevel(dalilLevel);
    if (server != null) {
      server.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  private static LinkedHashMap<String, String> form(String fixture, String from, String body) {
    LinkedHashMap<String, String> form = TwilioFixtures.load(fixture);
    String sid = TwilioFixtures.sid(form.get("MessageSid").substring(0, 2));
    form.replaceAll((k, v) -> k.endsWith("Sid") && v.equals(form.get("MessageSid")) ? sid : v);
    form.put("From", from);
    if (form.containsKey("WaId")) {
      form.put("WaId", from.replace("whatsapp:+", ""));
    }
    if (form.containsKey("ProfileName")) {
      form.put("ProfileName", PROFILE_NAME);
    }
    if (body != null) {
      form.put("Body", body);
    }
    return form;
  }

  private static String sign(String path, Map<String, String> form) {
    return TwilioFixtures.signature(TwilioApiStandIn.AUTH_TOKEN, PUBLIC_URL + path, form);
  }

  private static HttpResponse<String> post(String path, Map<String, String> form, String signature) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(TwilioFixtures.encode(form), StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void sms(String from, String text) throws Exception {
    LinkedHashMap<String, String> f = form("sms.form", from, text);
    assertEquals(200, post(TwilioWebhook.MESSAGES_PATH, f, sign(TwilioWebhook.MESSAGES_PATH, f)).statusCode());
  }

  private static void whatsapp(String fixture, String text) throws Exception {
    LinkedHashMap<String, String> f = form(fixture, "whatsapp:" + WHATSAPP_PHONE, text);
    assertEquals(200, post(TwilioWebhook.MESSAGES_PATH, f, sign(TwilioWebhook.MESSAGES_PATH, f)).statusCode());
  }

  private static void simulator(String contact, String text) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/api/simulator/messages")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("contact", contact, "text", text, "id", "m-" + text.hashCode())))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static void awaitOutboxSettled(Jdbi jdbi) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      long unfinished = jdbi.withHandle(h -> h.createQuery(
          "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')").mapTo(Long.class).one());
      if (unfinished == 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the outbox did not send everything");
  }

  @Test
  void noLogLineHoldsABodyAnAddressANameOrAnAnswer() {
    List<String> events = logs.events();
    assertTrue(events.size() > 40, "the conversations were logged: " + events.size() + " events");
    assertTrue(events.stream().anyMatch(e -> e.contains("erased at their request")), "the erasure ran");
    assertTrue(events.stream().anyMatch(e -> e.contains("twilio accepted")), "replies went through Twilio");
    List<String> leaks = new ArrayList<>();
    for (String event : events) {
      for (String marker : MARKERS) {
        if (event.toLowerCase().contains(marker.toLowerCase())) {
          leaks.add(marker + " in: " + event);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  @Test
  void aRawDumpOfTheDatabaseHoldsNoPhoneNumber() throws Exception {
    Jdbi jdbi = server.database.database().jdbi();
    StringBuilder dump = new StringBuilder(sqlDump(jdbi));
    pgDump(server.database.settings()).ifPresent(dump::append);
    String all = dump.toString();
    assertTrue(all.contains("BODYMARKER"), "the dump holds the messages (so it is a real dump)");
    assertTrue(all.contains("VARIABLEMARKER") || !all.contains("situation"), "answers kept with consent");
    for (String phone : List.of(SMS_PHONE, WHATSAPP_PHONE, SIMULATOR_PHONE)) {
      assertFalse(all.contains(national(phone)), "the dump holds " + phone);
      assertFalse(all.contains(phone.substring(1)), "the dump holds " + phone);
    }
    assertFalse(all.contains("PROFILEMARKER"), "a WhatsApp profile name is never kept");
  }

  /** Every text, varchar, json and jsonb value of every table, one per line. */
  private static String sqlDump(Jdbi jdbi) {
    return jdbi.withHandle(h -> {
      StringBuilder out = new StringBuilder();
      List<Map<String, Object>> columns = h.createQuery("""
          SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
          ORDER BY table_name, column_name""").mapToMap().list();
      assertTrue(columns.size() > 20, columns.toString());
      for (Map<String, Object> c : columns) {
        String sql = "SELECT " + c.get("column_name") + "::text FROM " + c.get("table_name")
            + " WHERE " + c.get("column_name") + " IS NOT NULL";
        h.createQuery(sql).mapTo(String.class).list().forEach(v -> out.append(v).append('\n'));
      }
      return out.toString();
    });
  }

  /** {@code pg_dump} of the test database when the tool is there and can dump this server. */
  private static java.util.Optional<String> pgDump(DatabaseSettings settings) throws Exception {
    URI uri = URI.create(settings.url().substring("jdbc:".length()));
    List<String> command = new ArrayList<>(List.of("pg_dump", "--data-only", "--no-owner", "-h", uri.getHost(),
        "-p", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort())));
    String user = settings.user();
    if (uri.getQuery() != null) {
      for (String p : uri.getQuery().split("&")) {
        if (p.startsWith("user=")) {
          user = p.substring(5);
        }
      }
    }
    if (user != null) {
      command.addAll(List.of("-U", user));
    }
    command.add(uri.getPath().substring(1));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
    if (settings.password() != null) {
      pb.environment().put("PGPASSWORD", settings.password());
    }
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException noTool) {
      return java.util.Optional.empty();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return java.util.Optional.empty();
    }
    assertTrue(out.contains("COPY public.contacts"), "pg_dump dumped the contacts");
    return java.util.Optional.of(out);
  }
}
