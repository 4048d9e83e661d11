package org.dalil.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dalil.handoff.Actor;
import org.dalil.store.Database;
import org.dalil.store.TestDatabase;
import org.dalil.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention job with a clock moved by hand: exactly what is due goes, at the day it is due,
 * and the tombstones count it. A fresh database for each test (the job works on every row).
 */
class RetentionJobTest {
  private TestDatabase db;

  private Instant t0;
  private PrivacyFixture f;
  private String done;
  private String waiting;
  private String resolved;

  @BeforeEach
  void contacts() throws Exception {
    db = TestDatabases.create();
    // The database's clock (message and outbox times) and the job's start together.
    t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    f = new PrivacyFixture(db.database(), PrivacyContent.minimal(), t0);
    // Done: went through the directory and left; its replies were sent.
    done = PrivacyFixture.newPhone();
    for (String text : List.of("hello", "3", "2", "Rabat")) {
      f.write("sms", done, text);
    }
    f.markSent(f.contactId("sms", done));
    // Waiting: with a volunteer, never answered.
    waiting = PrivacyFixture.newPhone();
    f.write("sms", waiting, "humain");
    // Resolved: a volunteer answered, wrote a note and closed the conversation an hour later.
    resolved = PrivacyFixture.newPhone();
    f.write("sms", resolved, "hello");
    f.write("sms", resolved, "3");
    f.write("sms", resolved, "2");
    f.write("sms", resolved, "Oujda");
    f.write("sms", resolved, "1");
    long handoff = f.openHandoff(f.contactId("sms", resolved));
    Actor volunteer = f.volunteer(false);
    assertTrue(f.inbox.claim(volunteer, handoff).ok());
    assertTrue(f.inbox.note(volunteer, handoff, "a note").ok());
    assertTrue(f.inbox.note(volunteer, handoff, "another note").ok());
    f.clock.set(t0.plus(Duration.ofHours(1)));
    assertTrue(f.inbox.resolve(volunteer, handoff, "informed").ok());
    f.markSent(f.contactId("sms", resolved));
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private RetentionJob.Report runAt(Duration after) {
    f.clock.set(t0.plus(after));
    return new RetentionJob(f.jdbi(), RetentionPolicy.defaults(), f.clock).run();
  }

  private long count(String sql, Object... args) {
    return f.jdbi().withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(Long.class).one();
    });
  }

  private long messages(String phone) {
    return count("SELECT count(*) FROM messages WHERE contact_id = ?", f.contactId("sms", phone));
  }

  private String variables(String phone) {
    return f.jdbi().withHandle(h -> h.createQuery("SELECT variables::text FROM conversations WHERE contact_id = :c")
        .bind("c", f.contactId("sms", phone)).mapTo(String.class).one());
  }

  private String path(String phone) {
    return f.jdbi().withHandle(h -> h.createQuery("SELECT path::text FROM conversations WHERE contact_id = :c")
        .bind("c", f.contactId("sms", phone)).mapTo(String.class).one());
  }

  @Test
  void eachKindOfDataGoesExactlyWhenItsPeriodIsOver() {
    long doneMessages = messages(done);
    long resolvedMessages = messages(resolved);
    long waitingMessages = messages(waiting);
    long outboxRows = count("SELECT count(*) FROM outbox WHERE status = 'sent'");
    String waitingPath = path(waiting);

    RetentionJob.Report day29 = runAt(Duration.ofDays(29));
    assertTrue(day29.ran());
    assertEquals(0, day29.total(), day29.toString());
    assertTrue(variables(done).contains("rabat"));

    // Day 31: answers and delivery records (30 days) go; the messages stay.
    RetentionJob.Report day31 = runAt(Duration.ofDays(31));
    assertEquals(3, day31.variables(), "two conversations and one closed handoff's city: " + day31);
    assertEquals("{}", variables(done));
    assertEquals("{}", variables(resolved));
    assertEquals(waitingPath, path(waiting), "with a volunteer: untouched");
    assertFalse(waitingPath.equals("[]"));
    assertEquals(0, count("SELECT count(*) FROM handoffs WHERE city IS NOT NULL AND closed_at IS NOT NULL"));
    assertEquals(outboxRows, day31.outbox(), "sent rows, copies of the texts, go");
    assertEquals(0, count("SELECT count(*) FROM outbox WHERE status = 'sent'"));
    assertTrue(count("SELECT count(*) FROM outbox WHERE status = 'pending'") > 0, "the waiting contact's are not sent: kept");
    assertEquals(doneMessages, messages(done));
    assertEquals(0, day31.messages());

    // Day 89: nothing more.
    assertEquals(0, runAt(Duration.ofDays(89)).total());

    // Day 91: the messages of closed conversations go, with the closed handoff's notes and the handoff itself.
    Map<String, Long> before = f.tombstones();
    RetentionJob.Report day91 = runAt(Duration.ofDays(91));
    assertEquals(doneMessages + resolvedMessages, day91.messages(), day91.toString());
    assertEquals(2, day91.notes());
    assertEquals(1, day91.handoffs());
    assertEquals(0, messages(done));
    assertEquals(0, messages(resolved));
    assertEquals(waitingMessages, messages(waiting), "a conversation with a volunteer is not closed");
    assertEquals(0, count("SELECT count(*) FROM handoff_notes"));
    assertEquals(1, count("SELECT count(*) FROM handoffs"), "the open one");
    Map<String, Long> counted = PrivacyFixture.minus(f.tombstones(), before);
    assertEquals(doneMessages + resolvedMessages, counted.get("message_in") + counted.get("message_out"));
    assertEquals(Map.of("handoff", 1L, "note", 2L), Map.of("handoff", counted.get("handoff"), "note", counted.get("note")));
    assertEquals(Map.of("message_in", counted.get("message_in"), "message_out", counted.get("message_out"),
        "handoff", 1L, "note", 2L), counted, "and nothing else");

    // A year on: the contacts themselves, except the one still waiting for a volunteer.
    assertEquals(0, runAt(Duration.ofDays(364)).contacts());
    RetentionJob.Report year = runAt(Duration.ofDays(366));
    assertEquals(2, year.contacts(), year.toString());
    assertEquals(1, count("SELECT count(*) FROM contacts"));
    assertEquals(0, count("SELECT count(*) FROM conversations WHERE contact_id <> ?", f.contactId("sms", waiting)));
    assertEquals(2, f.tombstones().get("contact"));
    assertEquals(0, runAt(Duration.ofDays(367)).total(), "a second run finds nothing");
  }

  @Test
  void theTombstonesKeepDayChannelLanguageAndTopicOnly() {
    runAt(Duration.ofDays(400));
    List<Map<String, Object>> rows = f.jdbi().withHandle(h -> h.createQuery(
        "SELECT * FROM tombstones ORDER BY kind, topic").mapToMap().list());
    assertFalse(rows.isEmpty());
    for (Map<String, Object> row : rows) {
      assertEquals(List.of("channel", "count", "day", "kind", "language", "topic"),
          row.keySet().stream().sorted().toList());
      assertEquals("sms", row.get("channel"));
    }
    assertTrue(rows.stream().anyMatch(r -> "services".equals(r.get("topic")) && "en".equals(r.get("language"))), rows.toString());
    String all = rows.toString();
    assertFalse(all.contains(done.substring(4)) || all.contains(resolved.substring(4)) || all.contains("Oujda"));
  }

  @Test
  void oneInstanceRunsItAtATimeAndTwoAtOnceRemoveEachRowOnce() throws Exception {
    // While another instance holds the lock, this one skips its turn.
    try (Connection other = db.database().dataSource().getConnection(); Statement s = other.createStatement()) {
      s.execute("SELECT pg_advisory_lock(hashtext('dalil.retention'))");
      RetentionJob.Report skipped = runAt(Duration.ofDays(91));
      assertFalse(skipped.ran());
      assertEquals(0, skipped.total());
      s.execute("SELECT pg_advisory_unlock(hashtext('dalil.retention'))");
    }
    long messages = count("SELECT count(*) FROM messages WHERE contact_id <> ?", f.contactId("sms", waiting));

    Database second = db.openAnother();
    List<Callable<RetentionJob.Report>> jobs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Database d = i % 2 == 0 ? db.database() : second;
      jobs.add(() -> new RetentionJob(d.jdbi(), RetentionPolicy.defaults(), f.clock).run());
    }
    long removed = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (Future<RetentionJob.Report> r : pool.invokeAll(jobs)) {
        removed += r.get().messages();
      }
    }
    assertEquals(messages, removed, "each message counted once, whoever removed it");
    assertEquals(messages, f.tombstones().get("message_in") + f.tombstones().get("message_out"));
    assertEquals(0, messages(done));
    assertEquals(3, count("SELECT count(*) FROM contacts"));
  }
}
