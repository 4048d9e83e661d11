package org.dalil.conversation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.dalil.store.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the requests that arrive together share one transaction: each caller queues its item and
 * waits; a caller that finds fewer than {@code maxBatches} batches running takes what is queued
 * (up to {@code maxBatchSize} items) and runs it for everyone, then wakes them. A lone request is
 * its own batch and waits for nobody, so this adds nothing at a low rate; under load, a batch
 * costs its statements and its commit once instead of once per message (issue 9).
 *
 * <p>Items with the same key (a contact) are never in one batch nor in two running at once: they
 * are handled one after the other, in the order they were queued. If a batch fails, nothing of it
 * was written (one transaction); each of its items is then run alone by its own caller, so that
 * one bad message fails only its own request.
 *
 * @param <I> an item
 * @param <R> what an item gives its caller
 */
public final class GroupCommit<I, R> {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** Runs a batch in one transaction: one result per item, in order. */
  @FunctionalInterface
  public interface Together<I, R> {
    List<R> run(List<I> items);
  }

  private final Together<I, R> together;
  private final Function<I, R> alone;
  private final Function<I, Object> key;
  private final int maxBatchSize;
  private final int maxBatches;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Entry<I, R>> queue = new ArrayDeque<>();
  private final Set<Object> busyKeys = new HashSet<>();
  private int running;

  /**
   * @param together runs a batch in one transaction, all or nothing
   * @param alone runs one item in a transaction of its own, after its batch failed
   * @param key what must not be in two batches at once (the contact)
   */
  public GroupCommit(Together<I, R> together, Function<I, R> alone, Function<I, Object> key, int maxBatchSize,
      int maxBatches) {
    if (maxBatchSize < 1 || maxBatches < 1) {
      throw new IllegalArgumentException("a batch holds at least one item, and one batch at least may run");
    }
    this.together = together;
    this.alone = alone;
    this.key = key;
    this.maxBatchSize = maxBatchSize;
    this.maxBatches = maxBatches;
  }

  private enum State { QUEUED, TAKEN, DONE, ALONE }

  private static final class Entry<I, R> {
    final I item;
    final Object key;
    State state = State.QUEUED;
    R result;

    Entry(I item, Object key) {
      this.item = item;
      this.key = key;
    }
  }

  /** Runs {@code item} in a batch (or alone, if its batch failed) and returns its result. */
  public R submit(I item) {
    Entry<I, R> mine = new Entry<>(item, key.apply(item));
    lock.lock();
    try {
      queue.add(mine);
      while (true) {
        if (mine.state == State.DONE) {
          return mine.result;
        }
        if (mine.state == State.ALONE) {
          break;
        }
        List<Entry<I, R>> batch = running < maxBatches ? take() : List.of();
        if (batch.isEmpty()) {
          changed.awaitUninterruptibly();
        } else {
          running++;
          lock.unlock();
          try {
            run(batch);
          } finally {
            lock.lock();
          }
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      return alone.apply(item);
    } finally {
      lock.lock();
      try {
        busyKeys.remove(mine.key);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Items waiting for a batch (for tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** The queued items that may run now, oldest first: at most one per key, none whose key is busy. */
  private List<Entry<I, R>> take() {
    List<Entry<I, R>> batch = new ArrayList<>();
    Set<Object> skipped = new HashSet<>();
    for (Iterator<Entry<I, R>> it = queue.iterator(); it.hasNext() && batch.size() < maxBatchSize; ) {
      Entry<I, R> e = it.next();
      // A later item of a key whose earlier one must wait stays behind it.
      if (busyKeys.contains(e.key) || skipped.contains(e.key)) {
        skipped.add(e.key);
        continue;
      }
      it.remove();
      busyKeys.add(e.key);
      e.state = State.TAKEN;
      batch.add(e);
    }
    return batch;
  }

  /** Runs a batch outside the lock, then hands each caller its result or sends it to run alone. */
  private void run(List<Entry<I, R>> batch) {
    List<R> results = null;
    Throwable failure = null;
    try {
      results = together.run(batch.stream().map(e -> e.item).toList());
      if (results.size() != batch.size()) {
        throw new IllegalStateException(results.size() + " results for a batch of " + batch.size());
      }
    } catch (RuntimeException | Error e) {
      // Even an Error: the callers must not wait for ever; run alone, each meets it again.
      failure = e;
    }
    if (failure != null) {
      // The type and the SQL state (a deadlock between instances: 40P01); the exception's message
      // may quote a value of a message.
      log.warn("a batch of {} failed: {}; each of its items runs alone", batch.size(), Failures.describe(failure));
    }
    lock.lock();
    try {
      running--;
      for (int i = 0; i < batch.size(); i++) {
        Entry<I, R> e = batch.get(i);
        if (failure == null) {
          e.result = results.get(i);
          e.state = State.DONE;
          busyKeys.remove(e.key);
        } else {
          // The key stays busy until the caller has run it alone.
          e.state = State.ALONE;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
