package org.dalil;

import static org.dalil.ServerProcess.longs;
import static org.dalil.ServerProcess.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.dalil.store.TestDatabases;

/**
 * The fault test of issue 4: {@code target/dalil.jar} runs as a separate process on a fresh
 * database; many contacts write at once through the simulator API; the process is killed with
 * SIGKILL in the middle of the burst, then started again. Each contact then goes on, first
 * posting again the message that got no answer (as a provider redelivers an unacknowledged
 * webhook), and the database must show that:
 * <ul>
 *   <li>every message that got a 200 is stored once, with exactly the replies that the 200 carried,
 *       in the outbox once each (nothing acknowledged lost, nothing answered twice);</li>
 *   <li>every message posted is stored once, the redelivered ones included;</li>
 *   <li>every reply is sent once the server is back (rows cut short by the kill are taken over when
 *       their lease runs out), and each contact's replies were sent in order.</li>
 * </ul>
 * The simulator's sender delivers nothing, so the outbox rows are the record of what was answered.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONTACTS = 40;
  private static final List<String> SCRIPT = List.of("bonjour", "1", "1", "0", "2", "menu");
  /** The kill comes after this many answers: well inside the burst of CONTACTS × SCRIPT. */
  private static final int KILL_AFTER = CONTACTS * SCRIPT.size() * 2 / 5;
  private static final Duration LEASE = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ServerProcess server;

  @TempDir Path workDir;

  /** A message of the script as posted: its id, and the replies of its 200 when it got one. */
  private record Posted(String contact, String id, String text, List<String> replies) {
    String providerId() {
      return contact + "/" + id;
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyAcknowledgedMessageIsAnsweredExactlyOnceAcrossAKill() throws Exception {
    server = ServerProcess.prepare(workDir);
    String base = server.baseUrl();
    // Rows left 'sending' by the killed process come back this soon after the restart.
    Map<String, String> env = Map.of("DALIL_SIMULATOR", "true",
        "DALIL_OUTBOX_LEASE_SECONDS", Long.toString(LEASE.toSeconds()));
    server.start("first", env);

    // Phase 1: the burst, killed in the middle.
    Map<String, List<Posted>> acknowledged = new ConcurrentHashMap<>();
    Map<String, Integer> resumeAt = new ConcurrentHashMap<>();
    AtomicInteger answers = new AtomicInteger();
    long burstStart = System.nanoTime();
    long killedAfterMillis;
    try (ExecutorService contacts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CONTACTS; c++) {
        String contact = "crash-" + c;
        running.add(contacts.submit(() -> {
          List<Posted> done = Collections.synchronizedList(new ArrayList<>());
          acknowledged.put(contact, done);
          for (int i = 0; i < SCRIPT.size(); i++) {
            Posted answered = post(base, contact, i);
            if (answered == null) {
              resumeAt.put(contact, i);
              return null;
            }
            done.add(answered);
            answers.incrementAndGet();
          }
          return null;
        }));
      }
      while (answers.get() < KILL_AFTER && running.stream().anyMatch(f -> !f.isDone())) {
        if (System.nanoTime() - burstStart > TimeUnit.SECONDS.toNanos(30)) {
          throw new AssertionError("the burst did not get " + KILL_AFTER + " answers in 30 s:\n" + server.logs());
        }
        Thread.sleep(1);
      }
      killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
      server.kill();
    }
    int answeredBeforeKill = answers.get();
    assertTrue(answeredBeforeKill < CONTACTS * SCRIPT.size(), "the kill came before the burst ended");
    assertFalse(resumeAt.isEmpty(), "some contacts were cut off by the kill");
    System.out.println("crash test: " + answeredBeforeKill + " answered in the " + killedAfterMillis + " ms before the kill, "
        + resumeAt.size() + " contacts cut off; outbox at the kill: " + server.outboxStatuses());

    // Phase 2: the server comes back; each cut-off contact posts its unanswered message again and goes on.
    server.start("second", env);
    Map<String, List<Posted>> afterRestart = new ConcurrentHashMap<>();
    try (ExecutorService contacts = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (Map.Entry<String, Integer> cut : resumeAt.entrySet()) {
        running.add(contacts.submit(() -> {
          List<Posted> done = new ArrayList<>();
          for (int i = cut.getValue(); i < SCRIPT.size(); i++) {
            Posted answered = post(base, cut.getKey(), i);
            if (answered == null) {
              throw new AssertionError(cut.getKey() + " message " + i + " got no answer after the restart");
            }
            done.add(answered);
          }
          afterRestart.put(cut.getKey(), done);
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    }

    server.awaitOutboxDrained(LEASE.multipliedBy(5).plusSeconds(10));
    try (Connection db = server.connect()) {
      Map<String, Long> inboundIds = new LinkedHashMap<>();
      for (int c = 0; c < CONTACTS; c++) {
        String contact = "crash-" + c;
        for (int i = 0; i < SCRIPT.size(); i++) {
          String providerId = contact + "/m" + i;
          // The simulator stores a contact's message id as a name-based UUID (no address in clear, issue 6).
          String storedId = java.util.UUID.nameUUIDFromBytes(providerId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .toString();
          List<Long> stored = longs(db, "SELECT id FROM messages WHERE direction = 'in' AND channel = 'simulator' "
              + "AND provider_message_id = ?", storedId);
          assertEquals(1, stored.size(), providerId + " is stored once");
          inboundIds.put(providerId, stored.getFirst());
        }
      }
      List<Posted> allAnswered = new ArrayList<>();
      acknowledged.values().forEach(allAnswered::addAll);
      afterRestart.values().forEach(allAnswered::addAll);
      int acknowledgedBeforeKill = acknowledged.values().stream().mapToInt(List::size).sum();
      assertEquals(answeredBeforeKill, acknowledgedBeforeKill);
      for (Posted p : allAnswered) {
        long inbound = inboundIds.get(p.providerId());
        List<String> replies = strings(db, "SELECT o.payload->>'text' FROM outbox o JOIN messages m ON m.id = o.message_id "
            + "WHERE m.in_reply_to = ? ORDER BY o.id", inbound);
        assertFalse(p.replies().isEmpty(), p.providerId() + " got an answer");
        assertEquals(p.replies(), replies, p.providerId() + ": the outbox holds exactly the replies its 200 carried");
      }

      long outboxRows = longs(db, "SELECT count(*) FROM outbox").getFirst();
      long outboundMessages = longs(db, "SELECT count(*) FROM messages WHERE direction = 'out'").getFirst();
      long repliesAnswered = allAnswered.stream().mapToLong(p -> p.replies().size()).sum();
      assertEquals(repliesAnswered, outboxRows, "no outbox row beyond the answers given (no duplicate)");
      assertEquals(outboxRows, outboundMessages);
      assertEquals(List.of(), strings(db, "SELECT id || ' ' || status FROM outbox WHERE status <> 'sent'"),
          "every reply was sent");
      assertEquals(List.of(), strings(db, "SELECT m.provider_message_id FROM messages m WHERE m.direction = 'in' "
          + "AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.in_reply_to = m.id)"), "every message was answered");

      for (int c = 0; c < CONTACTS; c++) {
        List<OffsetDateTime> sentAt = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT o.sent_at FROM outbox o JOIN contacts k ON k.id = o.contact_id "
            + "WHERE k.channel = 'simulator' AND k.address_hash = ? ORDER BY o.id")) {
          s.setString(1, TestDatabases.addressHash("simulator", "crash-" + c));
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              sentAt.add(rs.getObject(1, OffsetDateTime.class));
            }
          }
        }
        for (int i = 1; i < sentAt.size(); i++) {
          assertTrue(!sentAt.get(i).isBefore(sentAt.get(i - 1)), "crash-" + c + "'s replies were sent in order: " + sentAt);
        }
      }
      System.out.println("crash test: " + inboundIds.size() + " messages, " + outboxRows + " replies, "
          + longs(db, "SELECT coalesce(sum(takeovers), 0) FROM outbox").getFirst() + " rows taken over after the kill");
    }
  }

  /**
   * Posts message {@code index} of the script; the id is the same on every try, as a provider's
   * message id is. Null when there was no 200 (the server died, or failed).
   */
  private Posted post(String base, String contact, int index) {
    String id = "m" + index;
    try {
      String body = JSON.writeValueAsString(Map.of("contact", contact, "text", SCRIPT.get(index), "id", id));
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/simulator/messages"))
              .timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (r.statusCode() != 200) {
        return null;
      }
      List<String> replies = new ArrayList<>();
      JSON.readTree(r.body()).get("replies").forEach(reply -> replies.add(reply.get("text").asText()));
      return new Posted(contact, id, SCRIPT.get(index), replies);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
