package org.dalil.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendException;
import org.dalil.store.ContactDao;
import org.dalil.store.MessageDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.dalil.store.OutboxStatus;
import org.dalil.store.TestDatabaseExtension;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutboxWorkerTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  private static final OutboxWorker.Settings FAST = new OutboxWorker.Settings(
      10, 4, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(30), Duration.ofMillis(50));

  private final List<OutboxWorker> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(OutboxWorker::stop);
  }

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private OutboxWorker startWorker(Jdbi jdbi, ChannelSender sender, OutboxWorker.Settings settings) {
    OutboxWorker worker = new OutboxWorker(jdbi, List.of(sender), settings);
    workers.add(worker);
    worker.start();
    return worker;
  }

  /** Each test uses its own channel name, so that a worker only ever sees that test's rows. */
  private static String channel() {
    return "test-" + UUID.randomUUID();
  }

  private long contact(String channel) {
    return jdbi().withExtension(ContactDao.class, d -> d.upsert(channel, "+2126" + UUID.randomUUID()));
  }

  private long queue(long contact, String channel, String text) {
    OutboundMessage m = new OutboundMessage(text, List.of(), "fr");
    return jdbi().inTransaction(h -> {
      long inbound = h.attach(MessageDao.class).insertInbound(contact, channel, UUID.randomUUID().toString(), "hi").orElseThrow();
      long message = h.attach(MessageDao.class).insertOutbound(contact, channel, m.asPlainText(), inbound);
      return h.attach(OutboxDao.class).insert(message, contact, channel, m);
    });
  }

  private OutboxRow row(long id) {
    return jdbi().withExtension(OutboxDao.class, d -> d.find(id)).orElseThrow();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Records what it sends; fails the first {@code failures} attempts of each text. */
  private static final class RecordingSender implements ChannelSender {
    final String channel;
    final int failures;
    final boolean retryable;
    final Map<String, AtomicInteger> attemptsByText = new ConcurrentHashMap<>();
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<String>> sentByAddress = new ConcurrentHashMap<>();
    final Duration pause;

    RecordingSender(String channel, int failures, boolean retryable, Duration pause) {
      this.channel = channel;
      this.failures = failures;
      this.retryable = retryable;
      this.pause = pause;
    }

    @Override
    public String channel() {
      return channel;
    }

    @Override
    public void send(String address, OutboundMessage message) throws SendException {
      int attempt = attemptsByText.computeIfAbsent(message.text(), t -> new AtomicInteger()).incrementAndGet();
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        throw new SendException(true, null, "interrupted");
      }
      if (attempt <= failures) {
        throw new SendException(retryable, "21610", "recipient refused");
      }
      sent.add(message.text());
      sentByAddress.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>())).add(message.text());
    }
  }

  @Test
  void retriesARetryableFailureAndSendsOnce() {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 2, true, Duration.ZERO);
    long id = queue(contact(channel), channel, "Bienvenue");
    startWorker(jdbi(), sender, FAST);

    await("the row is sent", () -> row(id).status() == OutboxStatus.SENT);
    OutboxRow sent = row(id);
    assertEquals(3, sent.attempts());
    assertNotNull(sent.sentAt());
    assertEquals(List.of("Bienvenue"), sender.sent);
    assertEquals(3, sender.attemptsByText.get("Bienvenue").get());
    assertEquals(null, sent.lastError());
  }

  @Test
  void aPermanentFailureIsNotRetried() throws InterruptedException {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, Integer.MAX_VALUE, false, Duration.ZERO);
    long id = queue(contact(channel), channel, "Bonjour");
    startWorker(jdbi(), sender, FAST);

    await("the row failed", () -> row(id).status() == OutboxStatus.FAILED);
    Thread.sleep(200);
    OutboxRow failed = row(id);
    assertEquals(OutboxStatus.FAILED, failed.status());
    assertEquals(1, failed.attempts());
    assertEquals("21610: recipient refused", failed.lastError());
    assertEquals(1, sender.attemptsByText.get("Bonjour").get());
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, Integer.MAX_VALUE, true, Duration.ZERO);
    long id = queue(contact(channel), channel, "Salam");
    startWorker(jdbi(), sender, FAST);

    await("the row failed", () -> row(id).status() == OutboxStatus.FAILED);
    assertEquals(FAST.maxAttempts(), row(id).attempts());
    assertEquals(FAST.maxAttempts(), sender.attemptsByText.get("Salam").get());
    assertTrue(sender.sent.isEmpty());
  }

  @Test
  void keepsEachContactsOrderEvenWhenAnEarlierReplyIsRetried() {
    String channel = channel();
    // Every text fails once: each row is retried, and the next row of its contact must wait.
    RecordingSender sender = new RecordingSender(channel, 1, true, Duration.ofMillis(5));
    List<Long> contacts = List.of(contact(channel), contact(channel), contact(channel));
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      for (long c : contacts) {
        ids.add(queue(c, channel, c + "/" + i));
      }
    }
    // Two workers with their own pools, as two server instances.
    startWorker(jdbi(), sender, FAST);
    startWorker(db.testDatabase().openAnother().jdbi(), sender, FAST);

    await("all rows are sent", () -> ids.stream().allMatch(id -> row(id).status() == OutboxStatus.SENT));
    assertEquals(ids.size(), sender.sent.size(), "each row sent once");
    for (long c : contacts) {
      String address = jdbi().withExtension(ContactDao.class, d -> d.address(c)).orElseThrow();
      assertEquals(List.of(c + "/1", c + "/2", c + "/3", c + "/4"), sender.sentByAddress.get(address));
    }
  }

  @Test
  void resendsARowLeftSendingByACrashedInstanceOnceItsLeaseRunsOut() throws InterruptedException {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ZERO);
    long contact = contact(channel);
    long stuck = queue(contact, channel, "stuck");
    long claimedElsewhere = queue(contact(channel), channel, "claimed");
    jdbi().useHandle(h -> {
      h.execute("UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second' WHERE id = ?", stuck);
      h.execute("UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '1 hour' WHERE id = ?", claimedElsewhere);
    });
    startWorker(jdbi(), sender, FAST);

    await("the stuck row is sent", () -> row(stuck).status() == OutboxStatus.SENT);
    assertEquals(2, row(stuck).attempts());
    Thread.sleep(300);
    assertEquals(OutboxStatus.SENDING, row(claimedElsewhere).status(), "a live claim is left alone");
    assertEquals(List.of("stuck"), sender.sent);
  }

  @Test
  void aNewerRowWaitsForAnOlderOneStillBeingSent() throws InterruptedException {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ZERO);
    long contact = contact(channel);
    long older = queue(contact, channel, "first");
    long newer = queue(contact, channel, "second");
    jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '1 hour' WHERE id = ?", older));
    OutboxWorker worker = new OutboxWorker(jdbi(), List.of(sender), FAST);
    assertEquals(0, worker.runOnce());
    assertEquals(OutboxStatus.PENDING, row(newer).status());

    jdbi().useHandle(h -> h.execute("UPDATE outbox SET status = 'failed' WHERE id = ?", older));
    assertEquals(1, worker.runOnce(), "a failed older row no longer holds the queue");
    assertEquals(OutboxStatus.SENT, row(newer).status());
  }

  @Test
  void wakesUpOnNewWorkWithoutWaitingForThePoll() throws InterruptedException {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ZERO);
    OutboxWorker.Settings slowPoll = new OutboxWorker.Settings(
        10, 4, FAST.backoff(), Duration.ofSeconds(30), Duration.ofMinutes(10));
    OutboxWorker worker = startWorker(jdbi(), sender, slowPoll);
    Thread.sleep(300); // the first round is over: the worker now waits for the (long) poll
    long id = queue(contact(channel), channel, "now");
    long start = System.nanoTime();
    worker.notifyNewWork();
    await("the row is sent", () -> row(id).status() == OutboxStatus.SENT);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void stopsCleanly() {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ofMillis(300));
    long id = queue(contact(channel), channel, "in flight");
    OutboxWorker worker = startWorker(jdbi(), sender, FAST);
    await("the row is claimed", () -> row(id).status() != OutboxStatus.PENDING);
    worker.stop();
    // The send in progress was finished and recorded before stop returned.
    assertEquals(OutboxStatus.SENT, row(id).status());
    long later = queue(contact(channel), channel, "after stop");
    worker.notifyNewWork();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertEquals(OutboxStatus.PENDING, row(later).status());
    assertFalse(sender.sent.contains("after stop"));
  }
}
