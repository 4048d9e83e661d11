package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dalil.channel.OutboundMessage;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances (or two batches of one) whose batches hold the same contacts, listed in opposite
 * orders: each batch locks its contacts, stores their messages, writes their conversations and
 * replies, and commits. A third transaction holds a contact in the middle, so that both batches
 * stop there holding the contacts before it, as happens when a volunteer's reply or a third batch
 * holds one. Had each batch locked in the order of its list, each would then wait for the other's
 * half: PostgreSQL aborts one of them and its webhooks get an error (this test fails so when the
 * lock follows the list). The batch locks known contacts in the order of their ids, so both commit
 * once the middle contact is free. (New contacts, created in the order of their hashes, are not
 * reached here: both batches wait on the known ones first.)
 */
class BatchLockOrderTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final int KNOWN = 12;
  private static final int NEW_PER_ROUND = 4;
  private static final int ROUNDS = 3;
  private static final String VERSION = "v-lock-order";

  private static Jdbi jdbi() {
    return db.database().jdbi();
  }

  @Test
  void batchesOfTheSameContactsInOppositeOrdersBothCommit() throws Exception {
    List<String> known = new ArrayList<>();
    for (int i = 0; i < KNOWN; i++) {
      known.add("+2126" + (20_000_000 + i));
    }
    jdbi().useHandle(h -> h.attach(FlowVersionDao.class).insert(VERSION, Map.of("flows/main.yaml", "flow: main\n")));
    List<Long> ids = jdbi().inTransaction(t -> InboundStore.lockAndReceiveAll(t, arriving(known, "salam"))).stream()
        .map(r -> r.orElseThrow().contact().id()).sorted().toList();
    long middle = ids.get(KNOWN / 2);
    long before = inboundMessages();

    ExecutorService instances = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<String> contacts = new ArrayList<>(known);
        for (int i = 0; i < NEW_PER_ROUND; i++) {
          contacts.add("+2127" + (30_000_000 + round * 100 + i));
        }
        List<String> reversed = new ArrayList<>(contacts);
        Collections.reverse(reversed);
        try (Handle blocker = jdbi().open()) {
          blocker.begin();
          blocker.createQuery("SELECT id FROM contacts WHERE id = :id FOR UPDATE").bind("id", middle).mapTo(Long.class).one();
          List<Future<?>> batches = List.of(instances.submit(() -> batch(contacts)), instances.submit(() -> batch(reversed)));
          awaitWaiting(2);
          blocker.commit();
          for (Future<?> batch : batches) {
            batch.get(1, TimeUnit.MINUTES);   // a deadlock would fail one of them here
          }
        }
      }
    } finally {
      instances.shutdownNow();
    }
    // Each batch stored one message per contact: a contact new to both batches of a round got both.
    assertEquals(before + 2L * ROUNDS * (KNOWN + NEW_PER_ROUND), inboundMessages());
  }

  /** One batch, as the group commit runs it: lock and receive, a step for each contact, commit. */
  private static Void batch(List<String> contacts) {
    jdbi().useTransaction(t -> {
      List<Optional<InboundStore.Received>> received = InboundStore.lockAndReceiveAll(t, arriving(contacts, "1"));
      StepWrites.flushAll(t, received.stream().flatMap(Optional::stream).map(BatchLockOrderTest::step).toList());
    });
    return null;
  }

  /** Until {@code count} sessions of this database wait for a lock. */
  private static void awaitWaiting(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (jdbi().withHandle(h -> h.createQuery("""
        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
        .mapTo(Integer.class).one()) < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the batches never waited for the held contact");
      }
      Thread.sleep(10);
    }
  }

  private static List<InboundStore.Arriving> arriving(List<String> addresses, String body) {
    return addresses.stream()
        .map(a -> new InboundStore.Arriving("sms", a, "SM" + UUID.randomUUID().toString().replace("-", ""), body))
        .toList();
  }

  /** A step that answers with one reply, as a menu choice does. */
  private static StepWrites step(InboundStore.Received received) {
    StepWrites writes = new StepWrites(received.contact().id(), "sms", received.inboundId().orElseThrow(),
        new ConversationState(VERSION, "main", "menu", "fr", Map.of(), 0, ConversationState.Status.ACTIVE,
            Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:00:05Z"), List.of("main.menu")));
    writes.reply(new OutboundMessage("menu", List.of(), "fr"));
    return writes;
  }

  private static long inboundMessages() {
    return jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM messages WHERE direction = 'in'")
        .mapTo(Long.class).one());
  }
}
