package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.dalil.channel.OutboundMessage;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox's claim behind a backlog, planned on statistics taken before it (as during a burst,
 * until autovacuum analyzes the table again). The planner then believes the unfinished rows' indexes
 * empty and may read one whole for each row it looks at. The earlier {@code NOT EXISTS} form did so
 * for every row it examined, blocked ones included (issue 9: 1.4 million rows read to claim 20 out
 * of 1,500, 0.8 s); the claim must read the backlog at most once per row it claims.
 */
class OutboxClaimPlanTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final int CONTACTS = 300;
  private static final int ROWS_PER_CONTACT = 3;
  private static final int IN_FLIGHT = 100;
  private static final int LIMIT = 50;

  private static Jdbi jdbi() {
    return db.database().jdbi();
  }

  @BeforeAll
  static void backlog() {
    for (int i = 0; i < CONTACTS; i++) {
      String address = "+2126" + (10_000_000 + i);
      jdbi().useExtension(ContactDao.class, d -> d.upsert("sms", address));
    }
    jdbi().useHandle(h -> {
      // Round after round, so that each contact's rows are spread over the whole backlog.
      h.execute("""
          INSERT INTO messages (contact_id, direction, channel, body)
          SELECT c.id, 'out', 'sms', 'reply ' || r FROM contacts c CROSS JOIN generate_series(1, ?) r
          ORDER BY r, c.id""", ROWS_PER_CONTACT);
      // Statistics taken while every row was sent, as before a burst; then the burst.
      h.execute("""
          INSERT INTO outbox (message_id, contact_id, channel, payload, status, sent_at)
          SELECT id, contact_id, 'sms', CAST(? AS jsonb), 'sent', now() FROM messages ORDER BY id""",
          Json.write(new OutboundMessage("reply", List.of(), "fr")));
      h.execute("ANALYZE outbox");
      h.execute("UPDATE outbox SET status = 'pending', sent_at = NULL");
      // Some contacts have a reply in flight: their later rows must wait.
      h.execute("""
          UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '2 minutes'
          WHERE id IN (SELECT min(id) FROM outbox GROUP BY contact_id ORDER BY min(id) LIMIT ?)""", IN_FLIGHT);
    });
  }

  @Test
  void onStaleStatisticsTheBacklogIsReadAtMostOncePerClaimedRow() throws Exception {
    int unfinished = CONTACTS * ROWS_PER_CONTACT;
    String plan = jdbi().inTransaction(h -> {
      String json = h.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + OutboxDao.CLAIM)
          .bind("channel", "sms").bind("limit", LIMIT).bind("leaseMillis", 120_000L)
          .bind("contactIntervalMicros", 0L).bind("contactToleranceMicros", 0L)
          .mapTo(String.class).one();
      h.rollback();
      return json;
    });
    long examined = examined(new ObjectMapper().readTree(plan).get(0).get("Plan"));
    assertTrue(examined <= (LIMIT + 2L) * unfinished,
        "the claim examined " + examined + " outbox rows for a backlog of " + unfinished + ":\n" + plan);
  }

  @Test
  void eachClaimedRowIsItsContactsOldestAndNoneWaitsBehindOneInFlight() {
    List<OutboxRow> claimed = jdbi().inTransaction(h -> {
      List<OutboxRow> rows = h.attach(OutboxDao.class).claim("sms", LIMIT, 120_000L);
      h.rollback();
      return rows;
    });
    assertEquals(LIMIT, claimed.size());
    Set<Long> inFlight = jdbi().withHandle(h -> Set.copyOf(h.createQuery(
        "SELECT contact_id FROM outbox WHERE status = 'sending'").mapTo(Long.class).list()));
    Set<Long> contacts = claimed.stream().map(OutboxRow::contactId).collect(Collectors.toSet());
    assertEquals(LIMIT, contacts.size(), "one row per contact");
    for (OutboxRow row : claimed) {
      assertFalse(inFlight.contains(row.contactId()), "row " + row.id() + " jumped a reply in flight");
      long oldest = jdbi().withHandle(h -> oldestUnfinished(h, row.contactId()));
      assertEquals(oldest, row.id(), "row " + row.id() + " is not its contact's oldest");
    }
  }

  private static long oldestUnfinished(Handle h, long contactId) {
    return h.createQuery("SELECT min(id) FROM outbox WHERE contact_id = :c AND status IN ('pending', 'sending')")
        .bind("c", contactId).mapTo(Long.class).one();
  }

  /** Rows read from {@code outbox} by every node of the plan: those kept and those filtered out, times the loops. */
  private static long examined(JsonNode node) {
    long total = 0;
    if ("outbox".equals(node.path("Relation Name").asText()) && !node.path("Node Type").asText().equals("ModifyTable")) {
      long perLoop = node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
          + node.path("Rows Removed by Index Recheck").asLong();
      total += perLoop * Math.max(1, node.path("Actual Loops").asLong());
    }
    total += node.path("Rows Removed by Join Filter").asLong() * Math.max(1, node.path("Actual Loops").asLong());
    for (JsonNode child : node.path("Plans")) {
      total += examined(child);
    }
    return total;
  }
}
