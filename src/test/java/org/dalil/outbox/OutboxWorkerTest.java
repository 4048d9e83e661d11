package org.dalil.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.DeliveryStatus;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.RateLimit;
import org.dalil.channel.SendException;
import org.dalil.channel.SendResult;
import org.dalil.store.ContactDao;
import org.dalil.store.Delivery;
import org.dalil.store.DeliveryDao;
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

  private static final OutboxSettings FAST = new OutboxSettings(
      8, 10, 4, new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), Duration.ofSeconds(30),
      Duration.ofMillis(50), Map.of(), Map.of());

  private final List<OutboxWorker> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(OutboxWorker::stop);
  }

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private OutboxWorker startWorker(Jdbi jdbi, ChannelSender sender, OutboxSettings settings) {
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

  private String address(long contact) {
    return jdbi().withExtension(ContactDao.class, d -> d.address(contact)).orElseThrow();
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

  private Delivery delivery(long outboxId) {
    long message = row(outboxId).messageId();
    return jdbi().withExtension(DeliveryDao.class, d -> d.find(message)).orElseThrow();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting until " + what);
      }
      sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aContactWhoseAddressDoesNotDecryptHoldsUpNoOtherReply() {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ZERO);
    OutboxWorker worker = new OutboxWorker(jdbi(), List.of(sender), FAST);
    workers.add(worker);
    long broken = contact(channel);
    long fine = contact(channel);
    // A stored secret damaged (a bad restore, a manual edit): it no longer decrypts.
    jdbi().useHandle(h -> h.execute("UPDATE contacts SET address_secret = 'AAAA' || address_secret WHERE id = ?", broken));
    long stuck = queue(broken, channel, "to the damaged address");
    long leaves = queue(fine, channel, "to a readable address");

    assertEquals(2, worker.runOnce(), "both claimed in one round");
    assertEquals(List.of("to a readable address"), sender.sent);
    assertEquals(OutboxStatus.SENT, row(leaves).status());
    OutboxRow waiting = row(stuck);
    assertEquals(OutboxStatus.PENDING, waiting.status(), "retried later, as an address read for a moment");
    assertTrue(waiting.lastError().contains("no address"), waiting.lastError());
  }

  /**
   * An older sender (it implements {@code void send} only). Records what it sends; fails the first
   * {@code failures} attempts of each text.
   */
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
      sleep(pause.toMillis());
      if (attempt <= failures) {
        throw new SendException(retryable, "21610", "recipient refused");
      }
      sent.add(message.text());
      sentByAddress.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>())).add(message.text());
    }
  }

  /**
   * A provider as the newer senders see it: gives an id per message, records when each attempt
   * was made, and notices when two messages of one address are in flight at once.
   */
  private static class ProviderSender implements ChannelSender {
    final String channel;
    final Duration pause;
    final AtomicInteger ids = new AtomicInteger();
    final List<Instant> attempts = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<Instant>> attemptsByAddress = new ConcurrentHashMap<>();
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<String>> sentByAddress = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> inFlightByAddress = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger alreadySentAsked = new AtomicInteger();

    ProviderSender(String channel, Duration pause) {
      this.channel = channel;
      this.pause = pause;
    }

    @Override
    public String channel() {
      return channel;
    }

    /** Before the message is accepted: throw to refuse it. */
    void check(OutboundMessage message, int attempt) throws SendException {}

    @Override
    public SendResult deliver(String address, OutboundMessage message) throws SendException {
      Instant now = Instant.now();
      attempts.add(now);
      attemptsByAddress.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>())).add(now);
      AtomicInteger mine = inFlightByAddress.computeIfAbsent(address, a -> new AtomicInteger());
      if (mine.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        sleep(pause.toMillis());
        check(message, attempts.size());
        sent.add(message.text());
        sentByAddress.computeIfAbsent(address, a -> Collections.synchronizedList(new ArrayList<>())).add(message.text());
        return new SendResult("SM" + ids.incrementAndGet(), 2);
      } finally {
        inFlight.decrementAndGet();
        mine.decrementAndGet();
      }
    }

    @Override
    public Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore)
        throws SendException {
      alreadySentAsked.incrementAndGet();
      return Optional.empty();
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
    assertNull(sent.lastError());
    Delivery delivery = delivery(id);
    assertEquals(DeliveryStatus.SENT, delivery.status(), "an older sender's message is sent as far as we know");
    assertNull(delivery.providerMessageId());
  }

  @Test
  void recordsWhatTheProviderSaid() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO);
    long id = queue(contact(channel), channel, "Bonjour");
    startWorker(jdbi(), sender, FAST);

    await("the row is sent", () -> row(id).status() == OutboxStatus.SENT);
    Delivery delivery = delivery(id);
    assertEquals("SM1", delivery.providerMessageId());
    assertEquals(2, delivery.segments());
    assertEquals(DeliveryStatus.QUEUED, delivery.status());
    assertNotNull(delivery.statusAt());
    assertEquals(0, sender.alreadySentAsked.get(), "a row never in doubt is simply sent");
  }

  @Test
  void aPermanentFailureIsNotRetriedAndItsReasonIsKept() throws InterruptedException {
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
    assertEquals(DeliveryStatus.FAILED, delivery(id).status());
    assertEquals("21610", delivery(id).errorCode());
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
    assertEquals("21610: recipient refused", row(id).lastError());
  }

  @Test
  void waitsAsLongAsTheProviderAskedBeforeTryingAgain() {
    String channel = channel();
    Duration asked = Duration.ofMillis(1500);
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO) {
      @Override
      void check(OutboundMessage message, int attempt) throws SendException {
        if (attempt == 1) {
          throw SendException.retryAfter("429", "Too Many Requests: retry after 1", asked);
        }
      }
    };
    long id = queue(contact(channel), channel, "Patience");
    // The backoff alone would retry after 20 ms.
    startWorker(jdbi(), sender, FAST);

    await("the first attempt failed", () -> row(id).lastError() != null);
    OutboxRow waiting = row(id);
    assertEquals(OutboxStatus.PENDING, waiting.status());
    assertEquals(1, waiting.attempts());
    assertEquals("429: Too Many Requests: retry after 1", waiting.lastError());
    await("the row is sent", () -> row(id).status() == OutboxStatus.SENT);
    assertEquals(2, sender.attempts.size());
    Duration between = Duration.between(sender.attempts.get(0), sender.attempts.get(1));
    assertTrue(between.compareTo(asked) >= 0, "retried after " + between.toMillis() + " ms, asked " + asked.toMillis());
    assertTrue(OutboxWorker.withJitter(asked).compareTo(asked) >= 0);
    assertTrue(OutboxWorker.withJitter(asked).compareTo(asked.plus(asked.dividedBy(10))) <= 0);
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
      assertEquals(List.of(c + "/1", c + "/2", c + "/3", c + "/4"), sender.sentByAddress.get(address(c)));
    }
  }

  @Test
  void sendsManyContactsAtOnceButNeverTwoOfOneContact() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ofMillis(30));
    List<Long> contacts = new ArrayList<>();
    for (int c = 0; c < 24; c++) {
      contacts.add(contact(channel));
    }
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      for (long c : contacts) {
        ids.add(queue(c, channel, c + "/" + i));
      }
    }
    OutboxSettings settings = FAST.withThreads(16);
    startWorker(jdbi(), sender, settings);
    startWorker(db.testDatabase().openAnother().jdbi(), sender, settings);

    await("all rows are sent", () -> ids.stream().allMatch(id -> row(id).status() == OutboxStatus.SENT));
    assertEquals(ids.size(), sender.sent.size(), "each row sent once");
    assertEquals(0, sender.overlaps.get(), "two messages of one contact were in flight together");
    assertTrue(sender.mostInFlight.get() >= 8, "sends overlapped: at most " + sender.mostInFlight.get() + " at once");
    for (long c : contacts) {
      assertEquals(List.of(c + "/1", c + "/2", c + "/3", c + "/4", c + "/5"), sender.sentByAddress.get(address(c)));
    }
  }

  @Test
  void aBurstWaitsForTheRateLimitWithoutSpendingAttempts() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(queue(contact(channel), channel, "burst " + i));
    }
    // 5 a second, one at a time: the 6 rows take a second at least.
    OutboxSettings settings = FAST.withRate(channel, new RateLimit(5, 1), RateLimit.UNLIMITED);
    startWorker(jdbi(), sender, settings);

    await("two rows are sent", () -> sender.sent.size() >= 2);
    List<OutboxRow> waiting = ids.stream().map(this::row).filter(r -> r.status() == OutboxStatus.PENDING).toList();
    assertFalse(waiting.isEmpty(), "some rows wait for their turn");
    for (OutboxRow r : waiting) {
      assertEquals(0, r.attempts(), "a row waiting for the rate limit is not claimed");
    }
    await("all rows are sent", () -> ids.stream().allMatch(id -> row(id).status() == OutboxStatus.SENT));
    for (long id : ids) {
      assertEquals(1, row(id).attempts(), "throttled, not failed: one attempt each");
    }
    assertPacedAtLeast(sender.attempts, Duration.ofMillis(200));
  }

  @Test
  void twoInstancesShareOneRateLimit() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(queue(contact(channel), channel, "shared " + i));
    }
    OutboxSettings settings = FAST.withRate(channel, new RateLimit(8, 1), RateLimit.UNLIMITED);
    startWorker(jdbi(), sender, settings);
    startWorker(db.testDatabase().openAnother().jdbi(), sender, settings);

    await("all rows are sent", () -> ids.stream().allMatch(id -> row(id).status() == OutboxStatus.SENT));
    assertEquals(8, sender.sent.size());
    assertPacedAtLeast(sender.attempts, Duration.ofMillis(125));
  }

  @Test
  void aContactsRepliesArePacedWhileOtherContactsGoOn() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO);
    long paced = contact(channel);
    List<Long> pacedRows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pacedRows.add(queue(paced, channel, "chat " + i));
    }
    List<Long> others = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      others.add(queue(contact(channel), channel, "other " + i));
    }
    // One message a contact every 400 ms, two at once after a pause.
    OutboxSettings settings = FAST.withRate(channel, RateLimit.UNLIMITED, new RateLimit(2.5, 2));
    startWorker(jdbi(), sender, settings);

    await("every row is sent", () -> Stream.concat(pacedRows.stream(), others.stream())
        .allMatch(id -> row(id).status() == OutboxStatus.SENT));
    List<Instant> sentAt = pacedRows.stream().map(id -> row(id).sentAt()).toList();
    Instant lastOther = others.stream().map(id -> row(id).sentAt()).max(Instant::compareTo).orElseThrow();
    assertTrue(lastOther.isBefore(sentAt.get(2)), "one contact's pace does not hold the others");
    // Two at once (the burst), then one every 400 ms on average: the k-th send (from 0) comes no
    // sooner than (k - 1) × 400 ms after the first.
    List<Instant> tried = sender.attemptsByAddress.get(address(paced));
    assertEquals(4, tried.size());
    for (int k = 2; k < 4; k++) {
      long after = Duration.between(tried.get(0), tried.get(k)).toMillis();
      assertTrue(after >= (k - 1) * 400 - 30, "send " + k + " came " + after + " ms after the first: " + tried);
    }
    assertEquals(List.of("chat 0", "chat 1", "chat 2", "chat 3"), sender.sentByAddress.get(address(paced)));
    for (long id : pacedRows) {
      assertEquals(1, row(id).attempts());
    }
  }

  /** Sorted attempt times never closer than {@code interval} on average (10% slack for clocks). */
  private static void assertPacedAtLeast(List<Instant> attempts, Duration interval) {
    List<Instant> sorted = new ArrayList<>(attempts);
    Collections.sort(sorted);
    Duration span = Duration.between(sorted.getFirst(), sorted.getLast());
    Duration least = interval.multipliedBy(sorted.size() - 1).multipliedBy(9).dividedBy(10);
    assertTrue(span.compareTo(least) >= 0, sorted.size() + " sends in " + span.toMillis() + " ms; the cap allows no less than " + least.toMillis());
  }

  @Test
  void resendsARowLeftSendingByACrashedInstanceWhenTheProviderCannotTell() throws InterruptedException {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO);
    long stuck = queue(contact(channel), channel, "stuck");
    long claimedElsewhere = queue(contact(channel), channel, "claimed");
    jdbi().useHandle(h -> {
      h.execute("UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second', first_claimed_at = now() - interval '5 seconds' WHERE id = ?", stuck);
      h.execute("UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '1 hour' WHERE id = ?", claimedElsewhere);
    });
    startWorker(jdbi(), sender, FAST);

    await("the stuck row is sent", () -> row(stuck).status() == OutboxStatus.SENT);
    assertEquals(2, row(stuck).attempts());
    assertEquals(1, row(stuck).takeovers());
    assertTrue(row(stuck).inDoubt());
    assertEquals(1, sender.alreadySentAsked.get(), "the provider was asked first");
    Thread.sleep(300);
    assertEquals(OutboxStatus.SENDING, row(claimedElsewhere).status(), "a live claim is left alone");
    assertEquals(List.of("stuck"), sender.sent);
  }

  @Test
  void doesNotSendAgainWhatTheProviderAlreadyHas() {
    String channel = channel();
    List<Instant> asked = Collections.synchronizedList(new ArrayList<>());
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO) {
      @Override
      public Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore) {
        asked.add(notBefore);
        return message.text().equals("got it") ? Optional.of(new SendResult("SM-earlier", 1)) : Optional.empty();
      }
    };
    long had = queue(contact(channel), channel, "got it");
    long fresh = queue(contact(channel), channel, "new");
    jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second', first_claimed_at = now() - interval '5 seconds' WHERE id = ?", had));
    startWorker(jdbi(), sender, FAST);

    await("both rows are sent", () -> row(had).status() == OutboxStatus.SENT && row(fresh).status() == OutboxStatus.SENT);
    assertEquals(List.of("new"), sender.sent, "the message the provider had was not sent again");
    assertEquals("SM-earlier", delivery(had).providerMessageId());
    assertEquals(List.of(row(had).firstClaimedAt()), asked, "asked once, about the row in doubt, since its first claim");
    assertTrue(row(had).firstClaimedAt().isBefore(row(fresh).firstClaimedAt()));
  }

  @Test
  void anEarlierReplyWithTheSameTextIsNotTakenForTheOneInDoubt() {
    String channel = channel();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO) {
      @Override
      public Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore) {
        // A provider matching on the text finds the first copy, already recorded for the first row.
        return Optional.of(new SendResult("SM1", 1));
      }
    };
    long contact = contact(channel);
    long first = queue(contact, channel, "Menu");
    long second = queue(contact, channel, "Menu");
    OutboxWorker worker = new OutboxWorker(jdbi(), List.of(sender), FAST);
    workers.add(worker);
    assertEquals(1, worker.runOnce());
    assertEquals("SM1", delivery(first).providerMessageId());
    jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second', first_claimed_at = now() - interval '5 seconds' WHERE id = ?", second));

    assertEquals(1, worker.runOnce());
    assertEquals(OutboxStatus.SENT, row(second).status());
    assertEquals(List.of("Menu", "Menu"), sender.sent, "sent again rather than lost");
    assertEquals("SM2", delivery(second).providerMessageId());
  }

  @Test
  void aRowInDoubtWhoseCheckFailsIsCheckedAgainNextTime() {
    String channel = channel();
    AtomicInteger checks = new AtomicInteger();
    ProviderSender sender = new ProviderSender(channel, Duration.ZERO) {
      @Override
      public Optional<SendResult> alreadySent(String address, OutboundMessage message, Instant notBefore)
          throws SendException {
        if (checks.incrementAndGet() == 1) {
          throw new SendException(true, "503", "provider unavailable");
        }
        return Optional.of(new SendResult("SM-found", 1));
      }
    };
    long id = queue(contact(channel), channel, "check twice");
    jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() - interval '1 second', first_claimed_at = now() - interval '5 seconds' WHERE id = ?", id));
    startWorker(jdbi(), sender, FAST);

    await("the row is recorded as sent", () -> row(id).status() == OutboxStatus.SENT);
    assertEquals(2, checks.get());
    assertTrue(sender.sent.isEmpty(), "never sent blind while the provider could still tell");
    assertEquals("SM-found", delivery(id).providerMessageId());
  }

  @Test
  void aNewerRowWaitsForAnOlderOneStillBeingSent() {
    String channel = channel();
    RecordingSender sender = new RecordingSender(channel, 0, true, Duration.ZERO);
    long contact = contact(channel);
    long older = queue(contact, channel, "first");
    long newer = queue(contact, channel, "second");
    jdbi().useHandle(h -> h.execute(
        "UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '1 hour' WHERE id = ?", older));
    OutboxWorker worker = new OutboxWorker(jdbi(), List.of(sender), FAST);
    workers.add(worker);
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
    OutboxSettings slowPoll = new OutboxSettings(4, 10, 4, FAST.backoff(), Duration.ofSeconds(30),
        Duration.ofMinutes(10), Map.of(), Map.of());
    OutboxWorker worker = startWorker(jdbi(), sender, slowPoll);
    Thread.sleep(300); // the first round is over: the worker now waits for the (long) poll
    long id = queue(contact(channel), channel, "now");
    long start = System.nanoTime();
    worker.notifyNewWork();
    await("the row is sent", () -> row(id).status() == OutboxStatus.SENT);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void aWakeUpNamingAChannelClaimsOnThatChannelAndAContactsNextRowsFollowWithoutAnother() throws InterruptedException {
    String named = channel();
    String other = channel();
    RecordingSender namedSender = new RecordingSender(named, 0, true, Duration.ZERO);
    RecordingSender otherSender = new RecordingSender(other, 0, true, Duration.ZERO);
    OutboxSettings slowPoll = new OutboxSettings(4, 10, 4, FAST.backoff(), Duration.ofSeconds(30),
        Duration.ofMinutes(10), Map.of(), Map.of());
    OutboxWorker worker = new OutboxWorker(jdbi(), List.of(namedSender, otherSender), slowPoll);
    workers.add(worker);
    worker.start();
    Thread.sleep(300); // the first round is over: the worker now waits for the (long) poll
    long contact = contact(named);
    List<Long> rows = List.of(queue(contact, named, "first"), queue(contact, named, "second"), queue(contact, named, "third"));
    long elsewhere = queue(contact(other), other, "on the other channel");

    worker.notifyNewWork(named);
    // One row at a time per contact: each recorded send names its channel, so the next one goes too.
    await("the named channel's rows are sent", () -> rows.stream().allMatch(id -> row(id).status() == OutboxStatus.SENT));
    assertEquals(List.of("first", "second", "third"), namedSender.sent);
    assertEquals(OutboxStatus.PENDING, row(elsewhere).status(), "a channel nobody named waits for the poll");

    worker.notifyNewWork();
    await("a wake-up naming no channel claims on all", () -> row(elsewhere).status() == OutboxStatus.SENT);
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
    sleep(200);
    assertEquals(OutboxStatus.PENDING, row(later).status());
    assertFalse(sender.sent.contains("after stop"));
    assertThrows(IllegalStateException.class, worker::start);
  }

  @Test
  void refusesASenderThatImplementsNeitherWay() {
    ChannelSender nothing = () -> "test-nothing";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new OutboxWorker(jdbi(), List.of(nothing), FAST));
    assertTrue(e.getMessage().contains("neither deliver nor send"), e.getMessage());
  }
}
