package org.dalil.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dalil.store.TestDatabaseExtension;
import org.dalil.web.auth.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many volunteers click "take it" at the same moment, on two server instances (two connection
 * pools on one PostgreSQL): exactly one gets the conversation, the others a clear refusal.
 */
class ClaimConcurrencyTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final int THREADS = 24;

  @Test
  void exactlyOneOfManySimultaneousClaimsWins() throws Exception {
    InboxSettings settings = InboxSettings.from(Map.of(InboxSettings.OPENING_HOURS, "always"));
    InboxFixture one = new InboxFixture(db.database(), new MutableClock(Instant.now()), settings);
    InboxFixture two = one.another(db.testDatabase());
    for (int round = 0; round < 5; round++) {
      long handoff = one.waitingContact(InboxFixture.newAddress());
      List<Long> volunteers = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        volunteers.add(one.volunteer("V" + round + "-" + i, Role.VOLUNTEER, "fr"));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Outcome>> outcomes = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
        for (int i = 0; i < THREADS; i++) {
          InboxFixture instance = i % 2 == 0 ? one : two;
          long v = volunteers.get(i);
          outcomes.add(pool.submit(() -> {
            start.await();
            return instance.inbox.claim(instance.actor(v, "fr"), handoff);
          }));
        }
        start.countDown();
      }
      int won = 0;
      int lost = 0;
      for (Future<Outcome> f : outcomes) {
        Outcome o = f.get();
        if (o instanceof Outcome.Done) {
          won++;
        } else if (o instanceof Outcome.Refused r && r.reason() == Outcome.Reason.ALREADY_CLAIMED && r.other() != null) {
          lost++;
        }
      }
      assertEquals(1, won, "round " + round);
      assertEquals(THREADS - 1, lost, "every loser is told someone else has it");
      Long owner = one.inbox.find(handoff).orElseThrow().claimedBy();
      assertEquals(true, volunteers.contains(owner));
      long claims = one.jdbi().withHandle(h -> h.select(
          "SELECT count(*) FROM audit_log WHERE handoff_id = ? AND action = 'claim'", handoff).mapTo(Long.class).one());
      assertEquals(1, claims, "one claim in the audit log");
    }
  }
}
