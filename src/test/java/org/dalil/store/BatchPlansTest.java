package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dalil.channel.OutboundMessage;
import org.dalil.channel.SendResult;
import org.dalil.flow.ConversationState;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statements over a batch of rows are planned for the batch and the tables as they are at each
 * run, not once per connection: a plan kept from when the tables were small would read every row
 * of them once they are not (issue 9).
 */
class BatchPlansTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  /** More runs than the driver's threshold (5) for turning a statement into a named, server-side one. */
  private static final int RUNS = 8;

  private static final String VERSION = "v-plans-1";

  private Jdbi jdbi() {
    return db.database().jdbi();
  }

  private static List<InboundStore.Arriving> arriving(int contacts) {
    List<InboundStore.Arriving> out = new ArrayList<>();
    for (int i = 0; i < contacts; i++) {
      out.add(new InboundStore.Arriving("sms", "+2126" + (100_000_000L + Math.floorMod(
          UUID.randomUUID().getLeastSignificantBits(), 800_000_000L)), UUID.randomUUID().toString(), "salam"));
    }
    return out;
  }

  /** A new message from each of the same contacts. */
  private static List<InboundStore.Arriving> again(List<InboundStore.Arriving> contacts, String body) {
    return contacts.stream()
        .map(a -> new InboundStore.Arriving(a.channel(), a.address(), UUID.randomUUID().toString(), body)).toList();
  }

  private static List<String> serverPrepared(Handle h) {
    return h.createQuery("SELECT statement FROM pg_prepared_statements").mapTo(String.class).list();
  }

  @Test
  void theBatchStatementsAreNeverPreparedOnTheServer() throws Exception {
    jdbi().useHandle(h -> {
      for (int i = 0; i < RUNS; i++) {
        List<InboundStore.Arriving> batch = arriving(3);
        h.useTransaction(t -> InboundStore.lockAndReceiveAll(t, batch));   // new contacts
        h.useTransaction(t -> InboundStore.lockAndReceiveAll(t, again(batch, "1")));   // then known ones
      }
      List<String> prepared = serverPrepared(h);
      for (String planned : List.of(
          "WITH ORDINALITY AS i(channel, hash, n)",                       // the batch's lock
          "AS i(contact_id, channel, masked, provider_id, body, n)")) {   // receive and read
        assertTrue(prepared.stream().noneMatch(s -> s.contains(planned)), planned + " in " + String.join("\n---\n", prepared));
      }
      // The check can fail: the same runs of a statement of the usual kind leave it prepared (so
      // do the step writes' and the outbox's record, whose plans cannot go wrong: see below).
      NamedSql usual = new NamedSql("SELECT count(*) FROM unnest(CAST(:ids AS bigint[])) AS u(id)");
      for (int i = 0; i < RUNS; i++) {
        h.useTransaction(t -> usual.query(t.getConnection(), Map.of("ids", new String[] {"1", "2"}), rs -> rs.next()));
      }
      assertTrue(serverPrepared(h).stream().anyMatch(s -> s.contains("unnest")), "a usual statement is prepared");
    });
  }

  /** A step that sets the contact's language: the step writes then update the contact too. */
  private static StepWrites languageChosen(InboundStore.Received received) {
    StepWrites writes = new StepWrites(received.contact().id(), "sms", received.inboundId().orElseThrow(),
        new ConversationState(VERSION, "main", "menu", "ar", Map.of(), 0, ConversationState.Status.ACTIVE,
            Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:05Z"), List.of("main.menu")));
    writes.language("ar");
    writes.reply(new OutboundMessage("menu", List.of(), "ar"));
    return writes;
  }

  private static long wholeReadsOfContacts(Handle h) {
    return h.createQuery("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'contacts'").mapTo(Long.class).one();
  }

  @Test
  void aBatchReachesItsContactsThroughTheirKeysOnceTheTableHasGrown() {
    jdbi().useHandle(h -> {
      List<InboundStore.Arriving> regulars = arriving(4);
      // The server keeps a prepared statement's generic plan once it finds it no dearer than the
      // custom ones (the benchmark's did: a hash join over every contact); this makes it always.
      h.execute("SET plan_cache_mode = force_generic_plan");
      h.attach(FlowVersionDao.class).insert(VERSION, Map.of("flows/main.yaml", "flow: main\n"));
      // While contacts is small, as it is in a new helpline's database.
      for (int i = 0; i < RUNS; i++) {
        List<InboundStore.Arriving> next = again(regulars, "1");
        h.useTransaction(t -> StepWrites.flushAll(t, InboundStore.lockAndReceiveAll(t, next).stream()
            .map(each -> languageChosen(each.orElseThrow())).toList()));
      }
      // Then it grows, and nothing analyzes it (autovacuum off, or not yet come round).
      h.execute("""
          INSERT INTO contacts (channel, address_hash, address_secret, address_key, address_masked)
          SELECT 'sms', 'grown-' || g, 'secret', 'k', '+212******' FROM generate_series(1, 20000) g""");

      List<Optional<InboundStore.Received>> received = h.inTransaction(t -> {
        // The backend's counts not yet reported, this transaction's and earlier ones': read them
        // before and after, in the transaction (they are reported once it has ended).
        long scansBefore = wholeReadsOfContacts(t);
        List<Optional<InboundStore.Received>> r = InboundStore.lockAndReceiveAll(t, again(regulars, "2"));
        StepWrites.flushAll(t, r.stream().map(each -> languageChosen(each.orElseThrow())).toList());
        assertEquals(scansBefore, wholeReadsOfContacts(t), "no statement of the batch read the whole of contacts");
        return r;
      });
      assertTrue(received.stream().allMatch(r -> r.isPresent() && r.get().inboundId().isPresent()), received.toString());
      h.execute("RESET plan_cache_mode");   // the connection goes back to the pool
    });
  }

  @Test
  void theOutboxRecordReachesItsRowsThroughTheirKeysOnceTheOutboxHasGrown() {
    jdbi().useHandle(h -> {
      h.execute("SET plan_cache_mode = force_generic_plan");
      long contact = h.createQuery("""
          INSERT INTO contacts (channel, address_hash, address_secret, address_key, address_masked)
          VALUES ('sms', 'record-' || gen_random_uuid(), 'secret', 'k', '+212******') RETURNING id""").mapTo(Long.class).one();
      OutboxDao outbox = h.attach(OutboxDao.class);
      // While the outbox is small: each round claims and records one reply.
      for (int i = 0; i < RUNS; i++) {
        InboundStore.insertReply(h, contact, "sms", new OutboundMessage("reply " + i, List.of(), "fr"), null);
        OutboxRow claimed = outbox.claim("sms", 1, 30_000).getFirst();
        assertEquals(Set.of(claimed.id()), outbox.markSent(List.of(new OutboxDao.Sent(claimed.id(), claimed.attempts(),
            "sms", new SendResult("SM-" + UUID.randomUUID(), 1)))));
      }
      // Then 20,000 replies go through "sending", and nothing vacuums or analyzes the outbox.
      h.execute("""
          WITH m AS (
            INSERT INTO messages (contact_id, direction, channel, body)
            SELECT :contact, 'out', 'sms', 'old reply' FROM generate_series(1, 20000) RETURNING id)
          INSERT INTO outbox (message_id, contact_id, channel, payload, status, attempts)
          SELECT id, :contact, 'sms', '{}', 'sending', 1 FROM m""".replace(":contact", Long.toString(contact)));
      h.execute("UPDATE outbox SET status = 'sent' WHERE status = 'sending'");

      InboundStore.insertReply(h, contact, "sms", new OutboundMessage("now", List.of(), "fr"), null);
      OutboxRow claimed = outbox.claim("sms", 1, 30_000).getFirst();
      h.useTransaction(t -> {
        long before = rowsRead(t);
        assertEquals(Set.of(claimed.id()), t.attach(OutboxDao.class).markSent(List.of(new OutboxDao.Sent(claimed.id(),
            claimed.attempts(), "sms", new SendResult("SM-" + UUID.randomUUID(), 1)))));
        long read = rowsRead(t) - before;
        assertTrue(read < 50, "recording one reply read " + read + " rows of the outbox and the messages");
      });
      h.execute("RESET plan_cache_mode");   // the connection goes back to the pool
    });
  }

  /** Rows of the outbox and the messages read so far by this backend and not yet reported (see above). */
  private static long rowsRead(Handle h) {
    return h.createQuery("""
        SELECT sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)) FROM pg_stat_xact_user_tables
        WHERE relname IN ('outbox', 'messages')""").mapTo(Long.class).one();
  }
}
