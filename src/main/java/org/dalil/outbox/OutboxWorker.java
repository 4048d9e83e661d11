package org.dalil.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dalil.channel.ChannelSender;
import org.dalil.channel.SendException;
import org.dalil.store.ContactDao;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox. Each round claims a few due rows ({@code FOR UPDATE SKIP LOCKED}, so several
 * instances share the work without sending a row twice), sends them through the sender of their
 * channel, and records the outcome: sent, retried later with backoff, or failed. A contact's rows
 * leave in order: a row waits while an older row of the same contact is pending or sending. A row
 * whose worker died while sending is claimed again once its lease runs out.
 */
public final class OutboxWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
  private static final int MAX_ERROR_LENGTH = 300;

  /**
   * @param batchSize rows claimed per round (at most one per contact)
   * @param maxAttempts attempts before a row is marked failed
   * @param lease how long a claim lasts; longer than any send may take
   * @param pollInterval how often to look for due rows when nobody signals new work
   */
  public record Settings(
      int batchSize, int maxAttempts, Backoff backoff, Duration lease, Duration pollInterval) {

    public static Settings defaults() {
      return new Settings(20, 8, new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30)),
          Duration.ofMinutes(2), Duration.ofSeconds(1));
    }
  }

  private final Jdbi jdbi;
  private final Map<String, ChannelSender> senders;
  /** Rows of other channels are left to instances that can send them. */
  private final String[] channels;
  private final Settings settings;
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public OutboxWorker(Jdbi jdbi, List<ChannelSender> senders, Settings settings) {
    this.jdbi = jdbi;
    this.senders = senders.stream().collect(Collectors.toUnmodifiableMap(ChannelSender::channel, Function.identity()));
    this.channels = this.senders.keySet().toArray(String[]::new);
    this.settings = settings;
  }

  public OutboxWorker(Jdbi jdbi, List<ChannelSender> senders) {
    this(jdbi, senders, Settings.defaults());
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("dalil-outbox").start(this::loop);
    log.info("outbox worker started for channels {}", senders.keySet());
  }

  /** Lets the worker finish the round in progress, then stops it. Idempotent. */
  public void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
      thread = null;
      running = false;
    }
    if (t == null) {
      return;
    }
    wakeUp.release();
    try {
      t.join(settings.lease().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("outbox worker stopped");
  }

  @Override
  public void close() {
    stop();
  }

  /** New rows were committed: look now rather than at the next poll. */
  public void notifyNewWork() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void loop() {
    while (running) {
      int claimed;
      try {
        claimed = runOnce();
      } catch (RuntimeException e) {
        log.warn("outbox round failed: {}", e.toString());
        claimed = 0;
      }
      // After a round that sent something, a contact's next row may have become eligible: go on.
      if (claimed == 0 && running) {
        try {
          wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          wakeUp.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One round: claims due rows and sends them (in parallel: they belong to different contacts). */
  public int runOnce() {
    List<OutboxRow> rows = jdbi.withExtension(OutboxDao.class,
        dao -> dao.claim(channels, settings.batchSize(), settings.lease().toMillis()));
    if (rows.isEmpty()) {
      return 0;
    }
    try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
      for (OutboxRow row : rows) {
        sending.submit(() -> deliver(row));
      }
    }
    return rows.size();
  }

  private void deliver(OutboxRow row) {
    try {
      ChannelSender sender = senders.get(row.channel());
      Optional<String> address = jdbi.withExtension(ContactDao.class, dao -> dao.address(row.contactId()));
      if (address.isEmpty()) {
        throw new SendException(false, null, "contact " + row.contactId() + " has no address");
      }
      sender.send(address.get(), row.payload());
      boolean recorded = jdbi.withExtension(OutboxDao.class, dao -> dao.markSent(row.id(), row.attempts()));
      if (recorded) {
        log.info("outbox sent: row={} contact={} channel={} attempt={}",
            row.id(), row.contactId(), row.channel(), row.attempts());
      } else {
        log.warn("outbox row={} sent, but its claim had expired and was taken over (lease too short?)", row.id());
      }
    } catch (SendException e) {
      failed(row, e.retryable(), describe(e));
    } catch (RuntimeException e) {
      // An exception's message may quote the request; keep only its type.
      log.warn("outbox row={} channel={}: sender threw {}", row.id(), row.channel(), e.getClass().getName());
      failed(row, true, "unexpected " + e.getClass().getSimpleName());
    }
  }

  private void failed(OutboxRow row, boolean retryable, String error) {
    try {
      if (retryable && row.attempts() < settings.maxAttempts()) {
        Duration delay = settings.backoff().delayAfter(row.attempts());
        jdbi.useExtension(OutboxDao.class, dao -> dao.retryLater(row.id(), row.attempts(), delay.toMillis(), error));
        log.warn("outbox send failed: row={} contact={} channel={} attempt={} error=\"{}\"; retry in {} ms",
            row.id(), row.contactId(), row.channel(), row.attempts(), error, delay.toMillis());
      } else {
        jdbi.useExtension(OutboxDao.class, dao -> dao.markFailed(row.id(), row.attempts(), error));
        log.error("outbox send failed for good: row={} contact={} channel={} attempts={} error=\"{}\"",
            row.id(), row.contactId(), row.channel(), row.attempts(), error);
      }
    } catch (RuntimeException e) {
      // The lease will bring the row back.
      log.warn("outbox row={}: could not record the failure: {}", row.id(), e.toString());
    }
  }

  private static String describe(SendException e) {
    String text = (e.errorCode() == null ? "" : e.errorCode() + ": ") + e.getMessage();
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }
}
