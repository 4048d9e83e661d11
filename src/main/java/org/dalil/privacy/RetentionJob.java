package org.dalil.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is past its retention period ({@link RetentionPolicy}), keeping anonymous tombstone
 * counts, and finishes the erasures contacts asked for. Safe with several instances: one runs it at
 * a time (an advisory lock; the others skip), and every deletion is conditional, in batches of its
 * own transaction, so a crash leaves nothing half done. Logs how much it removed, never what.
 */
public final class RetentionJob {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
  static final int BATCH = 500;

  /**
   * What one run removed or cleared.
   *
   * @param ran false when another instance held the lock (nothing was done here)
   */
  public record Report(boolean ran, int messages, int handoffs, int notes, int variables, int outbox, int delivery,
      int contacts, int erasuresFinished) {
    public int total() {
      return messages + handoffs + notes + variables + outbox + delivery + contacts + erasuresFinished;
    }
  }

  private final Jdbi jdbi;
  private final RetentionPolicy policy;
  private final Clock clock;

  public RetentionJob(Jdbi jdbi, RetentionPolicy policy, Clock clock) {
    this.jdbi = jdbi;
    this.policy = policy;
    this.clock = clock;
  }

  public Report run() {
    Instant now = clock.instant();
    long started = System.nanoTime();
    Report report = jdbi.withHandle(h -> {
      RetentionDao lock = h.attach(RetentionDao.class);
      if (!lock.tryLock()) {
        return new Report(false, 0, 0, 0, 0, 0, 0, 0, 0);
      }
      try {
        return runLocked(h, now);
      } finally {
        lock.unlock();
      }
    });
    if (!report.ran()) {
      log.info("retention: another instance is running it; skipped");
    } else {
      log.info("retention: removed messages={} handoffs={} notes={} contacts={} erasures_finished={}; cleared "
              + "variables={} outbox_rows={} delivery_records={} in {} ms",
          report.messages(), report.handoffs(), report.notes(), report.contacts(), report.erasuresFinished(),
          report.variables(), report.outbox(), report.delivery(), (System.nanoTime() - started) / 1_000_000);
    }
    return report;
  }

  private Report runLocked(Handle h, Instant now) {
    Instant erasureGrace = now.minus(policy.erasureGrace());
    int erasures = inBatches(h, t -> {
      List<Long> due = t.attach(RetentionDao.class).erasedToFinish(erasureGrace, BATCH);
      due.forEach(id -> ContactErasure.finishErased(t, id));
      return due.size();
    });
    Instant contactsCutoff = now.minus(policy.contacts());
    int contacts = inBatches(h, t -> {
      List<Long> due = t.attach(RetentionDao.class).contactsDue(contactsCutoff, BATCH);
      due.forEach(id -> ContactErasure.completely(t, id));
      return due.size();
    });
    Instant messagesCutoff = now.minus(policy.messages());
    int messages = inBatches(h, t -> t.attach(PersonalDataDao.class)
        .deleteMessages(ContactErasure.ids(t.attach(RetentionDao.class).messagesDue(messagesCutoff, BATCH))));
    Instant notesCutoff = now.minus(policy.notes());
    int notes = inBatches(h, t -> t.attach(PersonalDataDao.class)
        .deleteNotes(ContactErasure.ids(t.attach(RetentionDao.class).notesDue(notesCutoff, BATCH))));
    int handoffs = inBatches(h, t -> t.attach(PersonalDataDao.class)
        .deleteHandoffs(ContactErasure.ids(t.attach(RetentionDao.class).handoffsDue(messagesCutoff, BATCH))));
    Instant variablesCutoff = now.minus(policy.variables());
    int variables = h.inTransaction(t -> {
      RetentionDao dao = t.attach(RetentionDao.class);
      return dao.clearVariables(variablesCutoff) + dao.clearHandoffAnswers(variablesCutoff);
    });
    Instant deliveryCutoff = now.minus(policy.delivery());
    int outbox = h.inTransaction(t -> t.attach(RetentionDao.class).deleteFinishedOutbox(deliveryCutoff));
    int delivery = h.inTransaction(t -> {
      RetentionDao dao = t.attach(RetentionDao.class);
      return dao.clearDeliveryMetadata(deliveryCutoff) + dao.deleteReceipts(deliveryCutoff) + dao.deletePaces(deliveryCutoff);
    });
    return new Report(true, messages, handoffs, notes, variables, outbox, delivery, contacts, erasures);
  }

  /** Runs {@code batch} in a transaction of its own until it does less than a full batch; the total. */
  private static int inBatches(Handle h, Function<Handle, Integer> batch) {
    int total = 0;
    while (true) {
      int done = h.inTransaction(batch::apply);
      total += done;
      if (done < BATCH) {
        return total;
      }
    }
  }
}
