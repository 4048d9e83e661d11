package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dalil.store.OutboxDao;
import org.dalil.store.OutboxRow;
import org.dalil.store.TestDatabaseExtension;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The follow-up and the urgent alert, each done once even with two instances running the jobs. */
class InboxJobsTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  /** Records alerts; fails on demand. */
  static final class RecordingNotifier implements UrgentNotifier {
    final List<UrgentAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public void notify(UrgentAlert alert) throws Exception {
      if (failing.get()) {
        throw new java.io.IOException("stand-in is down");
      }
      alerts.add(alert);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  private static InboxJobs jobs(InboxFixture f, UrgentNotifier notifier) {
    return new InboxJobs(f.jdbi(), f.versions, f.settings::get, notifier, f.clock, () -> {}, "https://dalil.example.org",
        Duration.ofMinutes(10));
  }

  private static List<OutboxRow> outbox(InboxFixture f, long contact) {
    return f.jdbi().withExtension(OutboxDao.class, d -> d.forContact(contact));
  }

  @Test
  void oneFollowUpWhenNobodyClaimedInTimeEvenWithTwoInstances() throws Exception {
    InboxSettings settings = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always",
        InboxSettings.FOLLOW_UP_AFTER, "PT30M"));
    InboxFixture one = new InboxFixture(db.database(), new MutableClock(Instant.now()), settings);
    InboxFixture two = one.another(db.testDatabase());
    String address = InboxFixture.newAddress();
    long handoff = one.waitingContact(address);
    long contact = one.contactId("simulator", address);
    String claimedAddress = InboxFixture.newAddress();
    long claimed = one.waitingContact(claimedAddress);
    one.inbox.claim(one.actor(one.volunteer("Quick", Role.VOLUNTEER, "fr"), "fr"), claimed);
    // Opened "now" in the database: backdate both so the candidates query sees them as old enough.
    one.jdbi().useHandle(h -> h.execute("UPDATE handoffs SET opened_at = now() - interval '40 minutes' WHERE id IN (?, ?)",
        handoff, claimed));
    int before = outbox(one, contact).size();

    RecordingNotifier notifier = new RecordingNotifier();
    InboxJobs a = jobs(one, notifier);
    InboxJobs b = jobs(two, notifier);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> sent = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (InboxJobs j : List.of(a, b, a, b)) {
        sent.add(pool.submit(() -> {
          go.await();
          return j.sendFollowUps();
        }));
      }
      go.countDown();
    }
    int total = 0;
    for (Future<Integer> s : sent) {
      total += s.get();
    }
    assertEquals(1, total, "the claimed conversation gets none, the waiting one exactly one");
    List<OutboxRow> rows = outbox(one, contact);
    assertEquals(before + 1, rows.size());
    assertTrue(rows.getLast().payload().text().startsWith("Nous ne vous oublions pas"), rows.getLast().payload().text());
    assertEquals(0, a.sendFollowUps(), "never a second one");
    assertTrue(one.inbox.find(handoff).orElseThrow().followUpSentAt() != null);
  }

  @Test
  void noFollowUpBeforeTheDelay() {
    InboxSettings settings = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always",
        InboxSettings.FOLLOW_UP_AFTER, "PT30M"));
    InboxFixture f = new InboxFixture(db.database(), new MutableClock(Instant.now()), settings);
    long handoff = f.waitingContact(InboxFixture.newAddress());
    assertEquals(0, jobs(f, new RecordingNotifier()).sendFollowUps());
    assertEquals(null, f.inbox.find(handoff).orElseThrow().followUpSentAt());
  }

  @Test
  void anUrgentHandoffIsAlertedOnceWithoutPersonalDataAndRetriedWhenTheAlertFails() {
    InboxSettings settings = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always"));
    InboxFixture f = new InboxFixture(db.database(), new MutableClock(Instant.now()), settings);
    String address = InboxFixture.newAddress();
    long handoff = f.waitingContact(address);
    f.makeUrgent(handoff);
    RecordingNotifier notifier = new RecordingNotifier();
    InboxJobs jobs = jobs(f, notifier);

    notifier.failing.set(true);
    assertEquals(0, jobs.sendUrgentAlerts());
    notifier.failing.set(false);
    assertEquals(1, jobs.sendUrgentAlerts(), "tried again after a failure");
    assertEquals(0, jobs.sendUrgentAlerts(), "and only once");
    UrgentAlert alert = notifier.alerts.stream().filter(x -> x.handoffId() == handoff).findFirst().orElseThrow();
    assertTrue(alert.text().contains("https://dalil.example.org/inbox/c/" + handoff), alert.text());
    assertFalse(alert.text().contains(address.substring(address.length() - 6)), "no part of the address");
    assertTrue(alert.text().startsWith("Dalil"), alert.text());
  }

  @Test
  void expiredSignInsAndOldFailuresAreDeleted() {
    InboxFixture f = new InboxFixture(db.database(), new MutableClock(Instant.now()), InboxSettings.defaults());
    long v = f.volunteer("Gone", Role.VOLUNTEER, "fr");
    f.jdbi().useHandle(h -> {
      h.execute("INSERT INTO volunteer_sessions (token_hash, volunteer_id, csrf_token, expires_at) VALUES ('old', ?, 'x', now() - interval '1 minute')", v);
      h.execute("INSERT INTO volunteer_sessions (token_hash, volunteer_id, csrf_token, expires_at) VALUES ('live', ?, 'x', now() + interval '1 hour')", v);
      h.execute("INSERT INTO login_throttle (scope, subject, failures, window_started_at) VALUES ('ip', 'old', 3, now() - interval '2 days')");
      h.execute("INSERT INTO login_throttle (scope, subject, failures, window_started_at) VALUES ('ip', 'recent', 3, now())");
    });
    f.jdbi().useExtension(InboxDao.class, InboxDao::deleteExpiredSignIns);
    assertEquals(List.of("live"), f.jdbi().withHandle(h -> h.select(
        "SELECT token_hash FROM volunteer_sessions WHERE token_hash IN ('old', 'live')").mapTo(String.class).list()));
    assertEquals(List.of("recent"), f.jdbi().withHandle(h -> h.select(
        "SELECT subject FROM login_throttle WHERE subject IN ('old', 'recent')").mapTo(String.class).list()));
  }
}
