package org.dalil.outbox;

import org.dalil.store.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.RateLimit;
import org.dalil.channel.Recipient;
import org.dalil.channel.SendException;
import org.dalil.channel.SendRate;
import org.dalil.channel.SendResult;
import org.dalil.store.ContactDao;
import org.dalil.store.DeliveryDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OwnedHandle;
import org.dalil.store.OutboxRow;
import org.dalil.store.PaceDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox. A dispatcher thread claims due rows ({@code FOR UPDATE SKIP LOCKED}, so several
 * instances share the work without sending a row twice) and hands each to a virtual thread that
 * sends it through its channel's sender and records the outcome: sent (with the provider's id),
 * retried later with backoff (or when the provider said), or failed with the reason.
 *
 * <ul>
 *   <li>Order: a row is only claimed once every older row of its contact is sent or failed, so a
 *       contact's replies leave in order and never two at once, whatever the number of threads
 *       and instances.
 *   <li>Rate limits: a channel's rows are only claimed as fast as its {@link SendRate} allows
 *       (kept in PostgreSQL, so the cap holds across instances); a burst waits in the outbox, and
 *       a row that waits for its turn is not claimed, so it costs no attempt.
 *   <li>Crashes: a row whose worker died while sending stays {@code sending} until its lease runs
 *       out, then another worker takes it over. Nobody knows whether the provider got it, so
 *       delivery is at least once: the sender is asked first ({@link ChannelSender#alreadySent})
 *       and the message is sent again only when the provider cannot tell.
 * </ul>
 */
public final class OutboxWorker implements AutoCloseable {
  /**
   * The size of a pool of its own: the dispatcher and the recorder each keep one ({@link
   * OwnedHandle}); the sending threads share the rest (failures, checks after a crash, and the
   * senders' own reads, such as the WhatsApp window).
   */
  public static final int CONNECTIONS = 8;
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  private static final int MAX_ERROR_LENGTH = 300;
  private static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);
  private static final long RECEIPTS_KEPT_MINUTES = 24 * 60;
  private static final long CONTACT_PACE_KEPT_MINUTES = 60;
  private static final int MAX_RECORD_BATCH = 500;
  /** At most one dispatch round this often: a reply may wait this much longer, a claim is shared by more rows. */
  static final Duration MIN_ROUND_GAP = Duration.ofMillis(5);
  /**
   * At most one recorded batch this often: a send's slot is held this much longer, and a batch
   * (a transaction of four statements) records more sends.
   */
  static final Duration MIN_RECORD_GAP = Duration.ofMillis(5);

  private final Jdbi jdbi;
  /** The claims' and the records' own handles: each loop runs its statements on one connection (issue 9). */
  private final OwnedHandle dispatching;
  private final OwnedHandle recording;
  private final Map<String, ChannelSender> senders;
  private final Map<String, SendRate> rates;
  /** Rows of other channels are left to instances that can send them. */
  private final List<String> channels;
  private final OutboxSettings settings;
  private final Semaphore slots;
  private final Semaphore wakeUp = new Semaphore(0);
  /**
   * The channels told of new rows since the last round. Between polls a round claims only these
   * and the channels still busy: under a steady flow every commit wakes the dispatcher, and a
   * claim on each channel each time, most of them empty, cost more than the sends (issue 9).
   */
  private final Set<String> hinted = ConcurrentHashMap.newKeySet();
  /** The next round claims on every channel: a poll, or work whose channel was not named. */
  private volatile boolean claimAll = true;
  /** Channels whose last claim took rows or ran out of tokens: more may be due at once. Dispatcher only. */
  private final Set<String> stillDue = new HashSet<>();
  private final ExecutorService sending =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dalil-send-", 0).factory());
  /** Accepted sends waiting to be recorded, in batches, by the recorder thread. */
  private final BlockingQueue<OutboxDao.Sent> toRecord = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread dispatcher;
  private Thread recorder;
  private int firstChannel;
  private long nextCleanupNanos = System.nanoTime();

  public OutboxWorker(Jdbi jdbi, List<ChannelSender> senders, OutboxSettings settings) {
    this.jdbi = jdbi;
    this.dispatching = new OwnedHandle(jdbi);
    this.recording = new OwnedHandle(jdbi);
    this.settings = settings;
    Map<String, ChannelSender> byChannel = new LinkedHashMap<>();
    Map<String, SendRate> rateByChannel = new LinkedHashMap<>();
    for (ChannelSender sender : senders) {
      requireAnImplementation(sender);
      if (byChannel.put(sender.channel(), sender) != null) {
        throw new IllegalArgumentException("two senders for channel " + sender.channel());
      }
      rateByChannel.put(sender.channel(), settings.rateFor(sender));
    }
    this.senders = Map.copyOf(byChannel);
    this.rates = Map.copyOf(rateByChannel);
    this.channels = List.copyOf(byChannel.keySet());
    this.slots = new Semaphore(settings.threads());
  }

  public OutboxWorker(Jdbi jdbi, List<ChannelSender> senders) {
    this(jdbi, senders, OutboxSettings.defaults());
  }

  /** The caps each channel is sent under. */
  public Map<String, SendRate> rates() {
    return rates;
  }

  /** Starts sending; a stopped worker cannot be started again. */
  public synchronized void start() {
    if (dispatcher != null) {
      return;
    }
    if (sending.isShutdown()) {
      throw new IllegalStateException("this outbox worker was stopped");
    }
    running = true;
    recorder = Thread.ofPlatform().name("dalil-outbox-record").start(this::recordLoop);
    dispatcher = Thread.ofPlatform().name("dalil-outbox").start(this::loop);
    log.info("outbox worker started: {} threads, rates {}", settings.threads(), rates);
  }

  /** Stops claiming, lets the sends in flight finish and be recorded (up to a lease), then returns. Idempotent. */
  public void stop() {
    Thread t;
    Thread r;
    synchronized (this) {
      t = dispatcher;
      r = recorder;
      dispatcher = null;
      recorder = null;
      running = false;
    }
    wakeUp.release();
    try {
      if (t != null) {
        t.join(settings.lease().toMillis());
      }
      sending.shutdown();
      if (!sending.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("outbox stopped with sends still in flight; their rows come back when the lease runs out");
      }
      if (r != null) {
        r.join(settings.lease().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatching.close();
    recording.close();
    if (t != null) {
      log.info("outbox worker stopped");
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** New rows were committed (or a send finished): look now, on every channel, rather than at the next poll. */
  public void notifyNewWork() {
    claimAll = true;
    wake();
  }

  /** New rows for this channel were committed (or one of its sends finished): look now on that channel. */
  public void notifyNewWork(String channel) {
    hinted.add(channel);
    wake();
  }

  private void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void loop() {
    long nextRound = System.nanoTime();
    while (running) {
      // Under load every inbound commit and every recorded batch wakes the dispatcher, hundreds of
      // times a second, and each round is a claim per channel: one round per gap claims the same
      // rows in fewer, larger claims (issue 9: more claims than inbound messages before).
      try {
        sleepUntil(nextRound);
      } catch (InterruptedException e) {
        return;
      }
      nextRound = System.nanoTime() + MIN_ROUND_GAP.toNanos();
      Round round;
      try {
        round = dispatch(null);
        cleanUpNowAndThen();
      } catch (RuntimeException e) {
        log.warn("outbox round failed: {}", Failures.describe(e));
        round = new Round(0, settings.pollInterval());
      }
      // Something was claimed: more may be due (a contact's next row), so look again at once,
      // unless every slot is taken: then a finishing send wakes us.
      boolean busy = round.claimed() > 0 && slots.availablePermits() > 0;
      if (!busy && running) {
        try {
          long waitMillis = Math.max(1, Math.min(settings.pollInterval().toMillis(), round.nextTokenIn().toMillis()));
          if (!wakeUp.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            // A poll: rows due by their retry time or an expired lease wake nobody.
            claimAll = true;
          }
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * One round, for tests and tools: claims what is due and allowed, sends it, and returns once
   * every send of the round is recorded. Not for a started worker.
   *
   * @return the rows claimed
   */
  public int runOnce() {
    List<Future<OutboxDao.Sent>> started = new ArrayList<>();
    Round round = dispatch(started);
    List<OutboxDao.Sent> accepted = new ArrayList<>();
    for (Future<OutboxDao.Sent> f : started) {
      try {
        OutboxDao.Sent sent = f.get();
        if (sent != null) {
          accepted.add(sent);
        } else {
          slots.release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        slots.release();
        log.warn("outbox send task failed: {}", e.getCause().toString());
      }
    }
    record(accepted);
    slots.release(accepted.size());
    return round.claimed();
  }

  /** What a round did, and when a throttled channel will have a token again. */
  private record Round(int claimed, Duration nextTokenIn) {}

  /** The rows claimed, their contacts' addresses (a contact missing had none), and when the channel has a token again. */
  private record Claim(List<OutboxRow> rows, Map<Long, Recipient> recipients, Duration nextTokenIn) {
    static Claim none(Duration nextTokenIn) {
      return new Claim(List.of(), Map.of(), nextTokenIn);
    }
  }

  /**
   * Claims, channel after channel (starting with a different one each round), what the free
   * slots and rates allow, and starts sending it. A slot is held from the claim until the outcome
   * is recorded.
   *
   * @param started null for the running worker (outcomes go to the recorder); else receives the
   *     sends, whose accepted outcomes the caller records and whose slots it releases
   */
  private synchronized Round dispatch(List<Future<OutboxDao.Sent>> started) {
    int claimed = 0;
    Duration nextToken = settings.pollInterval();
    boolean all = claimAll || started != null;
    claimAll = false;
    int n = channels.size();
    for (int k = 0; k < n; k++) {
      String channel = channels.get((firstChannel + k) % n);
      // Taken before the claim: a hint arriving during it is for the next round.
      boolean told = hinted.remove(channel);
      if (!all && !told && !stillDue.contains(channel)) {
        continue;
      }
      int free = slots.availablePermits();
      if (free == 0) {
        // Not claimed: looked at again when a slot frees (a recorded send names its channel).
        stillDue.add(channel);
        continue;
      }
      Claim claim = claim(channel, Math.min(free, settings.batchSize()));
      if (claim.nextTokenIn().compareTo(nextToken) < 0) {
        nextToken = claim.nextTokenIn();
      }
      boolean outOfTokens = claim.nextTokenIn().compareTo(settings.pollInterval()) < 0;
      if (claim.rows().isEmpty() && !outOfTokens) {
        stillDue.remove(channel);
      } else {
        stillDue.add(channel);
      }
      if (claim.rows().isEmpty()) {
        continue;
      }
      Map<Long, Recipient> recipients = claim.recipients();
      for (OutboxRow row : claim.rows()) {
        // Only this (synchronized) method takes slots, so the permits counted above are there.
        slots.acquireUninterruptibly();
        Recipient recipient = recipients.get(row.contactId());
        if (started != null) {
          started.add(sending.submit(() -> send(row, recipient)));
        } else {
          sending.submit(() -> {
            OutboxDao.Sent sent = null;
            try {
              sent = send(row, recipient);
            } finally {
              if (sent != null) {
                toRecord.add(sent);
              } else {
                slots.release();
                notifyNewWork();
              }
            }
          });
        }
      }
      claimed += claim.rows().size();
    }
    firstChannel = n == 0 ? 0 : (firstChannel + 1) % n;
    return new Round(claimed, nextToken);
  }

  /**
   * Claims what the channel's rates allow and reads the claimed rows' contacts (address, last
   * inbound message), in one transaction: the claim steers its plan for the transaction (see
   * {@link OutboxDao#steerClaimPlan}), and the contacts' read is planned the same way.
   */
  private Claim claim(String channel, int limit) {
    SendRate rate = rates.get(channel);
    RateLimit perContact = rate.perContact();
    long contactInterval = perContact.limited() ? micros(perContact.interval()) : 0;
    long contactTolerance = perContact.limited() ? (perContact.burst() - 1) * contactInterval : 0;
    long leaseMillis = settings.lease().toMillis();
    RateLimit overall = rate.overall();
    return dispatching.inTransaction(h -> {
      if (!overall.limited()) {
        List<OutboxRow> rows = dispatching.dao(OutboxDao.class)
            .claim(channel, limit, leaseMillis, contactInterval, contactTolerance);
        return new Claim(rows, recipients(rows), settings.pollInterval());
      }
      long interval = micros(overall.interval());
      long tolerance = (overall.burst() - 1) * interval;
      PaceDao pace = dispatching.dao(PaceDao.class);
      Optional<Long> locked = pace.lock(channel);
      if (locked.isEmpty()) {
        pace.ensure(channel);
        locked = pace.lock(channel);
      }
      long ahead = locked.orElseThrow();
      if (ahead > tolerance) {
        // No token: the rows stay pending, unclaimed, with no attempt counted.
        return Claim.none(Duration.ofNanos((ahead - tolerance) * 1000));
      }
      int tokens = (int) Math.min(limit, (tolerance - ahead) / interval + 1);
      List<OutboxRow> rows = dispatching.dao(OutboxDao.class)
          .claim(channel, tokens, leaseMillis, contactInterval, contactTolerance);
      if (rows.isEmpty()) {
        return Claim.none(settings.pollInterval());
      }
      pace.advance(channel, rows.size() * interval);
      long aheadAfter = ahead + rows.size() * interval;
      Duration next = aheadAfter > tolerance ? Duration.ofNanos((aheadAfter - tolerance) * 1000) : Duration.ZERO;
      return new Claim(rows, recipients(rows), next);
    });
  }

  /**
   * The claimed rows' contacts, inside the claim's transaction. If this read fails, the claim
   * rolls back with it and its rows wait for the next round, with no attempt counted.
   */
  private Map<Long, Recipient> recipients(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Map.of();
    }
    return dispatching.dao(ContactDao.class).recipients(rows.stream().mapToLong(OutboxRow::contactId).distinct().toArray());
  }

  /**
   * Sends one claimed row (or finds that the provider already has it). A failure is recorded here;
   * an accepted send is returned, to be recorded with others.
   *
   * @param recipient null when the contact has no address (or it could not be read)
   * @return the accepted send, or null when it failed
   */
  private OutboxDao.Sent send(OutboxRow row, Recipient recipient) {
    ChannelSender sender = senders.get(row.channel());
    try {
      if (recipient == null) {
        // Retryable: the address may only have been unreadable for a moment.
        throw new SendException(true, null, "no address for contact " + row.contactId());
      }
      if (row.inDoubt()) {
        Optional<SendResult> earlier = sender.alreadySent(recipient.address(), row.payload(), notBefore(row))
            .filter(found -> notAnotherMessage(row, found));
        if (earlier.isPresent()) {
          log.info("outbox row={} contact={} channel={}: the provider already had it; not sent again",
              row.id(), row.contactId(), row.channel());
          return new OutboxDao.Sent(row.id(), row.attempts(), row.channel(), earlier.get());
        }
        log.warn("outbox row={} contact={} channel={}: an earlier attempt was cut short and the provider "
            + "cannot tell whether it got it; sending again (at least once)", row.id(), row.contactId(), row.channel());
      }
      return new OutboxDao.Sent(row.id(), row.attempts(), row.channel(), sender.deliver(recipient, row.payload()));
    } catch (SendException e) {
      failed(row, e);
    } catch (RuntimeException e) {
      // An exception's message may quote the request; keep only its type.
      log.warn("outbox row={} channel={}: sender threw {}", row.id(), row.channel(), e.getClass().getName());
      retryOrFail(row, true, null, "unexpected " + e.getClass().getSimpleName(), Optional.empty());
    }
    return null;
  }

  /** The row was first claimed then (the claim that counts is the database's; before any claim, its creation). */
  private static Instant notBefore(OutboxRow row) {
    return row.firstClaimedAt() != null ? row.firstClaimedAt() : row.createdAt();
  }

  /**
   * A provider that matches on the text may point at an earlier reply with the same text to the
   * same contact: that message is recorded already, and taking it for this one would lose this one.
   */
  private boolean notAnotherMessage(OutboxRow row, SendResult found) {
    if (found.providerMessageId() == null) {
      return true;
    }
    boolean known = jdbi.withExtension(DeliveryDao.class, dao -> dao.findByProviderId(row.channel(), found.providerMessageId()))
        .stream().anyMatch(d -> d.messageId() != row.messageId());
    if (known) {
      log.warn("outbox row={} channel={}: the provider pointed at a message recorded for another reply; "
          + "not taken as this one", row.id(), row.channel());
    }
    return !known;
  }

  /** Records accepted sends in batches as they come, until the worker is stopped and every send is done. */
  private void recordLoop() {
    List<OutboxDao.Sent> batch = new ArrayList<>();
    long nextBatch = System.nanoTime();
    while (true) {
      OutboxDao.Sent first;
      try {
        first = toRecord.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        if (!running && sending.isTerminated() && toRecord.isEmpty()) {
          return;
        }
        continue;
      }
      // Under a steady flow of sends each one came alone: wait out the gap, so that the sends
      // finishing meanwhile share the transaction (issue 9).
      try {
        if (running) {
          sleepUntil(nextBatch);
        }
      } catch (InterruptedException e) {
        // Record what was taken; the next poll returns at once.
        Thread.currentThread().interrupt();
      }
      nextBatch = System.nanoTime() + MIN_RECORD_GAP.toNanos();
      batch.clear();
      batch.add(first);
      toRecord.drainTo(batch, MAX_RECORD_BATCH - 1);
      record(batch);
      slots.release(batch.size());
      // The contacts of these sends may have their next rows due now.
      batch.stream().map(OutboxDao.Sent::channel).distinct().forEach(this::notifyNewWork);
    }
  }

  /**
   * The provider has these messages: only the recording is left. If it fails, the rows stay
   * {@code sending} and come back when their lease runs out, in doubt; they must not go back to
   * pending as if the sends had failed.
   */
  private void record(List<OutboxDao.Sent> sent) {
    if (sent.isEmpty()) {
      return;
    }
    try {
      Set<Long> recorded = recording.with(OutboxDao.class, dao -> dao.markSent(sent, recording.dao(DeliveryDao.class)));
      for (OutboxDao.Sent s : sent) {
        if (!recorded.contains(s.id())) {
          log.warn("outbox row={} sent, but its claim had expired and was taken over (lease too short?)", s.id());
        }
      }
      log.debug("outbox: {} sends recorded", recorded.size());
    } catch (RuntimeException e) {
      log.error("outbox: {} sends could not be recorded ({}); they will be in doubt when their lease runs out",
          sent.size(), Failures.describe(e));
    }
  }

  private void failed(OutboxRow row, SendException e) {
    retryOrFail(row, e.retryable(), e.errorCode(), describe(e), e.retryAfter());
  }

  private void retryOrFail(OutboxRow row, boolean retryable, String errorCode, String error, Optional<Duration> retryAfter) {
    try {
      if (retryable && row.attempts() < settings.maxAttempts()) {
        Duration delay = retryAfter.map(OutboxWorker::withJitter).orElseGet(() -> settings.backoff().delayAfter(row.attempts()));
        jdbi.useExtension(OutboxDao.class, dao -> dao.retryLater(row.id(), row.attempts(), delay.toMillis(), error));
        log.warn("outbox send failed: row={} contact={} channel={} attempt={} error=\"{}\"; retry in {} ms{}",
            row.id(), row.contactId(), row.channel(), row.attempts(), error, delay.toMillis(),
            retryAfter.isPresent() ? " (as the provider asked)" : "");
      } else {
        jdbi.useExtension(OutboxDao.class, dao -> dao.markFailed(row.id(), row.attempts(), errorCode, error));
        log.error("outbox send failed for good: row={} contact={} channel={} attempts={} error=\"{}\"",
            row.id(), row.contactId(), row.channel(), row.attempts(), error);
      }
    } catch (RuntimeException e) {
      // The lease will bring the row back.
      log.warn("outbox row={}: could not record the failure: {}", row.id(), Failures.describe(e));
    }
  }

  /** Sleeps until {@code deadline} ({@link System#nanoTime()}); returns at once if it has passed. */
  private static void sleepUntil(long deadline) throws InterruptedException {
    long early = deadline - System.nanoTime();
    if (early > 0) {
      TimeUnit.NANOSECONDS.sleep(early);
    }
  }

  /** The provider's delay plus up to a tenth more, so that rows told to wait together do not return together. */
  static Duration withJitter(Duration retryAfter) {
    long millis = Math.max(0, retryAfter.toMillis());
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  private void cleanUpNowAndThen() {
    if (System.nanoTime() - nextCleanupNanos < 0) {
      return;
    }
    nextCleanupNanos = System.nanoTime() + CLEANUP_EVERY.toNanos();
    int receipts = jdbi.withExtension(DeliveryDao.class, dao -> dao.purgeReceipts(RECEIPTS_KEPT_MINUTES));
    int paces = jdbi.withExtension(PaceDao.class, dao -> dao.purgeContacts(CONTACT_PACE_KEPT_MINUTES));
    if (receipts > 0) {
      log.info("outbox: deleted {} status callbacks about messages never recorded", receipts);
    }
    log.debug("outbox: deleted {} old contact paces", paces);
  }

  private static String describe(SendException e) {
    String text = (e.errorCode() == null ? "" : e.errorCode() + ": ") + e.getMessage();
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  private static long micros(Duration d) {
    return Math.max(1, d.toNanos() / 1000);
  }

  /** {@link ChannelSender#send} and {@link ChannelSender#deliver} call each other by default: one must be implemented. */
  private static void requireAnImplementation(ChannelSender sender) {
    try {
      Class<?> type = sender.getClass();
      boolean send = type.getMethod("send", String.class, OutboundMessage.class).getDeclaringClass() != ChannelSender.class;
      boolean deliver = type.getMethod("deliver", String.class, OutboundMessage.class).getDeclaringClass() != ChannelSender.class;
      if (!send && !deliver) {
        throw new IllegalArgumentException(type.getName() + " implements neither deliver nor send");
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
