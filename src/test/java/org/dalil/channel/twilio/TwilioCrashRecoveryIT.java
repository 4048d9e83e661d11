package org.dalil.channel.twilio;

import static org.dalil.ServerProcess.longs;
import static org.dalil.ServerProcess.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dalil.ServerProcess;
import org.dalil.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test of issue 4 on the real path: signed Twilio WhatsApp webhooks from many contacts
 * into {@code target/dalil.jar} (a separate process), replies sent through the Twilio SDK to a
 * local stand-in of Twilio's API, SIGKILL in the middle of the burst, restart, and every webhook
 * that got no 200 delivered again as Twilio would. Then:
 * <ul>
 *   <li>every webhook (acknowledged or redelivered) is stored once and answered;</li>
 *   <li>the stand-in received every reply of the outbox exactly once: each message it created is
 *       the recorded provider id of exactly one outbox reply, with the same text (a reply sent
 *       twice would leave a message at the stand-in that no reply records). Rows cut short by the
 *       kill were checked at the stand-in ({@code alreadySent}) before being sent again;</li>
 *   <li>each contact received its replies in the outbox's order.</li>
 * </ul>
 */
class TwilioCrashRecoveryIT {
  private static final int CONTACTS = 30;
  private static final List<String> SCRIPT = List.of("bonjour", "1", "1", "0", "2", "menu");
  private static final int KILL_AFTER = CONTACTS * SCRIPT.size() * 2 / 5;
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final String WHATSAPP_FROM = "whatsapp:+14155238886";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ServerProcess server;
  private TwilioApiStandIn twilio;

  @TempDir Path workDir;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  @Test
  void everyWebhookIsAnsweredOnceAndNoReplyReachesTwilioTwice() throws Exception {
    twilio = new TwilioApiStandIn();
    server = ServerProcess.prepare(workDir);
    Map<String, String> env = Map.of(
        "DALIL_PUBLIC_URL", server.baseUrl(),
        "DALIL_SIMULATOR", "false",
        "DALIL_OUTBOX_LEASE_SECONDS", Long.toString(LEASE.toSeconds()),
        "TWILIO_ACCOUNT_SID", TwilioApiStandIn.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN", TwilioApiStandIn.AUTH_TOKEN,
        "TWILIO_WHATSAPP_FROM", WHATSAPP_FROM,
        "DALIL_TWILIO_API_URL", twilio.url());
    server.start("first", env);

    List<String> contacts = new ArrayList<>();
    Map<String, String> sids = new HashMap<>();
    for (int c = 0; c < CONTACTS; c++) {
      String contact = "whatsapp:+2126" + String.format("%08d", 10_000_000 + c);
      contacts.add(contact);
      for (int i = 0; i < SCRIPT.size(); i++) {
        sids.put(contact + "/" + i, TwilioFixtures.sid("SM"));
      }
    }

    // Phase 1: the burst, killed in the middle.
    Map<String, Integer> resumeAt = new ConcurrentHashMap<>();
    AtomicInteger acknowledged = new AtomicInteger();
    long burstStart = System.nanoTime();
    long killedAfterMillis;
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (String contact : contacts) {
        running.add(senders.submit(() -> {
          for (int i = 0; i < SCRIPT.size(); i++) {
            if (!post(contact, i, sids.get(contact + "/" + i))) {
              resumeAt.put(contact, i);
              return null;
            }
            acknowledged.incrementAndGet();
          }
          return null;
        }));
      }
      while (acknowledged.get() < KILL_AFTER && running.stream().anyMatch(f -> !f.isDone())) {
        if (System.nanoTime() - burstStart > TimeUnit.SECONDS.toNanos(30)) {
          throw new AssertionError("the burst did not get " + KILL_AFTER + " answers in 30 s:\n" + server.logs());
        }
        Thread.sleep(1);
      }
      killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
      server.kill();
    }
    assertFalse(resumeAt.isEmpty(), "some contacts were cut off by the kill");
    int sentAtKill = twilio.calls(c -> c.method().equals("POST") && c.sid() != null).size();
    System.out.println("twilio crash test: " + acknowledged.get() + " webhooks acknowledged in the " + killedAfterMillis + " ms before the kill, "
        + sentAtKill + " replies at the stand-in; outbox at the kill: " + server.outboxStatuses());

    // Phase 2: back up; Twilio delivers again what got no 200, and the contacts go on.
    server.start("second", env);
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (Map.Entry<String, Integer> cut : resumeAt.entrySet()) {
        running.add(senders.submit(() -> {
          for (int i = cut.getValue(); i < SCRIPT.size(); i++) {
            if (!post(cut.getKey(), i, sids.get(cut.getKey() + "/" + i))) {
              throw new AssertionError(cut.getKey() + " message " + i + " got no 200 after the restart");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    server.awaitOutboxDrained(LEASE.multipliedBy(5).plusSeconds(15));

    try (Connection db = server.connect()) {
      for (Map.Entry<String, String> message : sids.entrySet()) {
        List<Long> stored = longs(db, "SELECT id FROM messages WHERE direction = 'in' AND channel = 'whatsapp' "
            + "AND provider_message_id = ?", message.getValue());
        assertEquals(1, stored.size(), message.getKey() + " is stored once");
        assertFalse(longs(db, "SELECT id FROM messages WHERE in_reply_to = ?", stored.getFirst()).isEmpty(),
            message.getKey() + " is answered");
      }
      assertEquals(List.of(), strings(db, "SELECT id || ' ' || status || ' ' || coalesce(last_error, '') FROM outbox "
          + "WHERE status <> 'sent'"), "every reply was sent");

      // What Twilio received, against what the outbox recorded.
      List<TwilioApiStandIn.Call> created = twilio.calls(c -> c.method().equals("POST") && c.sid() != null);
      Map<String, String> recordedBody = new HashMap<>();
      Map<String, String> recordedTo = new HashMap<>();
      List<String> rows = strings(db, "SELECT m.provider_message_id || E'\\t' || k.address_hash || E'\\t' || m.body "
          + "FROM outbox o JOIN messages m ON m.id = o.message_id JOIN contacts k ON k.id = o.contact_id ORDER BY o.id");
      for (String row : rows) {
        String[] f = row.split("\t", 3);
        assertTrue(recordedBody.put(f[0], f[2]) == null, "two replies recorded with one Twilio message " + f[0]);
        recordedTo.put(f[0], f[1]);
      }
      assertEquals(rows.size(), created.size(),
          "Twilio created exactly one message per reply (" + created.size() + " for " + rows.size() + " replies)");
      Set<String> seen = new HashSet<>();
      for (TwilioApiStandIn.Call call : created) {
        assertTrue(seen.add(call.sid()));
        assertTrue(recordedBody.containsKey(call.sid()), "Twilio message " + call.sid() + " is no reply's: sent twice");
        assertEquals(recordedBody.get(call.sid()), call.form().get("Body"));
        // Addresses are stored hashed: the hash of where Twilio sent it must be the row's.
        assertEquals(recordedTo.get(call.sid()), TestDatabases.addressHash("whatsapp", call.to()));
        assertEquals(WHATSAPP_FROM, call.form().get("From"));
      }

      // Each contact received its replies in the outbox's order.
      for (String contact : contacts) {
        List<String> outboxOrder = strings(db, "SELECT m.provider_message_id FROM outbox o JOIN messages m ON m.id = o.message_id "
            + "JOIN contacts k ON k.id = o.contact_id WHERE k.channel = 'whatsapp' AND k.address_hash = ? ORDER BY o.id",
            TestDatabases.addressHash("whatsapp", contact));
        List<String> received = created.stream().filter(c -> contact.equals(c.to())).map(TwilioApiStandIn.Call::sid).toList();
        assertEquals(outboxOrder, received, contact + " received its replies in order");
      }
      System.out.println("twilio crash test: " + sids.size() + " webhooks, " + rows.size() + " replies, "
          + longs(db, "SELECT coalesce(sum(takeovers), 0) FROM outbox").getFirst() + " rows taken over, "
          + twilio.calls(c -> c.method().equals("GET")).size() + " checks at Twilio before sending again");
    }
  }

  /** One signed webhook, as Twilio posts a WhatsApp text; true on a 200. */
  private boolean post(String contact, int index, String messageSid) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("SmsMessageSid", messageSid);
    params.put("NumMedia", "0");
    params.put("ProfileName", "Test");
    params.put("MessageType", "text");
    params.put("SmsSid", messageSid);
    params.put("WaId", contact.substring("whatsapp:+".length()));
    params.put("SmsStatus", "received");
    params.put("Body", SCRIPT.get(index));
    params.put("To", WHATSAPP_FROM);
    params.put("NumSegments", "1");
    params.put("ReferralNumMedia", "0");
    params.put("MessageSid", messageSid);
    params.put("AccountSid", TwilioApiStandIn.ACCOUNT_SID);
    params.put("From", contact);
    params.put("ApiVersion", "2010-04-01");
    String url = server.baseUrl() + TwilioWebhook.MESSAGES_PATH;
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-Twilio-Signature", TwilioFixtures.signature(TwilioApiStandIn.AUTH_TOKEN, url, params))
              .POST(HttpRequest.BodyPublishers.ofString(TwilioFixtures.encode(params), StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
