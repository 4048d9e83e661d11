package org.dalil.handoff;

import org.dalil.store.Failures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dalil.channel.OutboundMessage;
import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.store.ContactDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's background work, on every instance: urgent alerts to the on-call supervisor and the
 * one follow-up for contacts nobody claimed. Each piece of work is taken by a conditional UPDATE
 * ({@code ... WHERE follow_up_sent_at IS NULL}, {@code SKIP LOCKED}), so two instances never do it
 * twice.
 */
public final class InboxJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxJobs.class);
  static final int MAX_ALERT_ATTEMPTS = 10;

  private final Jdbi jdbi;
  private final FlowVersions versions;
  private final Supplier<InboxSettings> settings;
  private final UrgentNotifier notifier;
  private final Clock clock;
  private final Runnable outboxHasWork;
  private final String inboxUrl;
  private final Duration interval;
  private final ContactTexts texts = new ContactTexts();
  private final Semaphore wakeUp = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  /**
   * @param inboxUrl the inbox's public address, put in alerts
   * @param interval how often the jobs look for work when nothing wakes them
   */
  public InboxJobs(Jdbi jdbi, FlowVersions versions, Supplier<InboxSettings> settings, UrgentNotifier notifier,
      Clock clock, Runnable outboxHasWork, String inboxUrl, Duration interval) {
    this.jdbi = jdbi;
    this.versions = versions;
    this.settings = settings;
    this.notifier = notifier;
    this.clock = clock;
    this.outboxHasWork = outboxHasWork;
    this.inboxUrl = inboxUrl;
    this.interval = interval;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("dalil-inbox-jobs").start(this::loop);
  }

  /** Something may be due now (an urgent handoff was committed): run without waiting for the interval. */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void loop() {
    long round = 0;
    while (running) {
      try {
        runOnce();
        if (round++ % 720 == 0) {
          jdbi.useExtension(InboxDao.class, InboxDao::deleteExpiredSignIns);
        }
      } catch (RuntimeException e) {
        log.warn("inbox jobs round failed: {}", Failures.describe(e));
      }
      try {
        wakeUp.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One round of every job; for tests. */
  public void runOnce() {
    sendUrgentAlerts();
    sendFollowUps();
  }

  /** Alerts for urgent handoffs not yet alerted; how many were delivered. */
  public int sendUrgentAlerts() {
    List<InboxDao.UrgentWaiting> taken = jdbi.withExtension(InboxDao.class, dao -> dao.takeUrgentAlerts(MAX_ALERT_ATTEMPTS));
    int delivered = 0;
    for (InboxDao.UrgentWaiting u : taken) {
      UrgentAlert alert = new UrgentAlert(u.id(), u.topic(), u.language(), u.channel(), u.openedAt(), alertText(u));
      try {
        notifier.notify(alert);
        delivered++;
        log.info("urgent alert sent: handoff={} to {}", u.id(), notifier.describe());
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        jdbi.useExtension(InboxDao.class, dao -> dao.urgentAlertFailed(u.id()));
        log.warn("urgent alert for handoff={} not delivered: {}", u.id(), e.getMessage());
      }
    }
    return delivered;
  }

  private String alertText(InboxDao.UrgentWaiting u) {
    FlowSet set = versions.current();
    String language = settings.get().alertLanguage();
    String template = set.catalog().text("web.inbox.alert.urgent", language)
        .orElse("Dalil: urgent conversation waiting ({topic}, {language}). {url}");
    return template.replace("{topic}", String.valueOf(u.topic()))
        .replace("{language}", String.valueOf(u.language()))
        .replace("{url}", inboxUrl + "/inbox/c/" + u.id());
  }

  /** The follow-ups due now; how many were written. */
  public int sendFollowUps() {
    InboxSettings s = settings.get();
    Instant now = clock.instant();
    List<InboxDao.Waiting> candidates = jdbi.withExtension(InboxDao.class,
        dao -> dao.followUpCandidates(s.followUpAfter().toSeconds()));
    int sent = 0;
    for (InboxDao.Waiting w : candidates) {
      if (!FollowUpPolicy.isDue(w.openedAt(), w.urgent(), s.followUpAfter(), s.hours(), now)) {
        continue;
      }
      boolean written = jdbi.inTransaction(h -> {
        h.attach(ContactDao.class).lock(w.contactId());
        InboxDao dao = h.attach(InboxDao.class);
        if (!dao.takeFollowUp(w.id())) {
          return false; // another instance, a claim or the contact leaving came first
        }
        HandoffSummary x = dao.find(w.id()).orElseThrow();
        FlowSet set = versions.current();
        String language = x.language() != null ? x.language() : set.settings().defaultLanguage();
        OutboundMessage message = texts.followUp(set, language, x.urgent(), s, now, Outgoing.isSms(x.channel()));
        Outgoing.write(h, x.contactId(), x.channel(), message, null);
        InboxSignals.publish(h, new InboxEvent(InboxEvent.Kind.REPLY, x.id(), x.contactId()));
        return true;
      });
      if (written) {
        sent++;
        log.info("follow-up written: handoff={} contact={}", w.id(), w.contactId());
      }
    }
    if (sent > 0) {
      outboxHasWork.run();
    }
    return sent;
  }

  /** For a settings supplier: the environment's settings with the admins' stored values. */
  public static Supplier<InboxSettings> storedSettings(Jdbi jdbi, InboxSettings fromEnvironment) {
    return () -> {
      Map<String, String> rows = jdbi.withExtension(InboxDao.class, InboxDao::settingRows);
      return fromEnvironment.withOverrides(rows);
    };
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      wakeUp.release();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
