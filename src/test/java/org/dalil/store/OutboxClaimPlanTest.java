package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.dalil.channel.OutboundMessage;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox's claim behind a backlog and a long history of sent rows, planned on statistics taken
 * before the backlog (as during a burst, until autovacuum analyzes the table again) and with nothing
 * vacuumed since. The planner then believes the unfinished rows' indexes empty and may read one
 * whole for each row it looks at. The earlier {@code NOT EXISTS} form did so for every row it
 * examined, blocked ones included (issue 9: 1.4 million rows read to claim 20 out of 1,500, 0.8 s);
 * the bitmap scan after it probed every due row before keeping the limit. The claim must walk the
 * backlog in order and stop at its limit.
 */
class OutboxClaimPlanTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();
  private static final int CONTACTS = 300;
  private static final int ROWS_PER_CONTACT = 3;
  private static final int IN_FLIGHT = 100;
  private static final int LIMIT = 50;
  /** Replies sent before the backlog, whose dead index entries nothing vacuumed. */
  private static final int HISTORY = 20_000;

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
      // Statistics taken when one contact had written: to them, every message is that contact's
      // and inbound, so walking all messages from the newest finds any contact's at once.
      h.execute("""
          INSERT INTO messages (contact_id, direction, channel, body, provider_message_id)
          SELECT min(c.id), 'in', 'sms', 'salam', 'SM-first-' || n FROM contacts c CROSS JOIN generate_series(1, 50) n
          GROUP BY n""");
      h.execute("ANALYZE messages");
      // Then each contact wrote once, long ago: its last inbound message is far behind the newest.
      h.execute("""
          INSERT INTO messages (contact_id, direction, channel, body, provider_message_id)
          SELECT c.id, 'in', 'sms', 'salam', 'SM-plan-' || c.id FROM contacts c ORDER BY c.id""");
      // A history: each reply was pending, then sending, then sent, leaving dead index entries.
      h.execute("""
          INSERT INTO messages (contact_id, direction, channel, body)
          SELECT c.id, 'out', 'sms', 'old reply' FROM contacts c CROSS JOIN generate_series(1, ?) r
          ORDER BY r, c.id""", HISTORY / CONTACTS);
      h.execute("""
          INSERT INTO outbox (message_id, contact_id, channel, payload)
          SELECT id, contact_id, 'sms', CAST(? AS jsonb) FROM messages WHERE direction = 'out' ORDER BY id""",
          Json.write(new OutboundMessage("old reply", List.of(), "fr")));
      h.execute("UPDATE outbox SET status = 'sending', attempts = 1");
      h.execute("UPDATE outbox SET status = 'sent', sent_at = now()");
      // Round after round, so that each contact's rows are spread over the whole backlog.
      h.execute("""
          INSERT INTO messages (contact_id, direction, channel, body)
          SELECT c.id, 'out', 'sms', 'reply ' || r FROM contacts c CROSS JOIN generate_series(1, ?) r
          ORDER BY r, c.id""", ROWS_PER_CONTACT);
      // Statistics taken while every row was sent, as before a burst; then the burst.
      h.execute("""
          INSERT INTO outbox (message_id, contact_id, channel, payload, status, sent_at)
          SELECT id, contact_id, 'sms', CAST(? AS jsonb), 'sent', now() FROM messages
          WHERE body LIKE 'reply %' ORDER BY id""",
          Json.write(new OutboundMessage("reply", List.of(), "fr")));
      h.execute("ANALYZE outbox");
      h.execute("UPDATE outbox o SET status = 'pending', sent_at = NULL FROM messages m WHERE m.id = o.message_id AND m.body LIKE 'reply %'");
      // Some contacts have a reply in flight: their later rows must wait.
      h.execute("""
          UPDATE outbox SET status = 'sending', attempts = 1, locked_until = now() + interval '2 minutes'
          WHERE id IN (SELECT min(id) FROM outbox WHERE status = 'pending' GROUP BY contact_id ORDER BY min(id) LIMIT ?)""", IN_FLIGHT);
    });
    // The first claim after the history passes its dead index entries once and marks them, as an
    // index scan does; later claims skip them. (A bitmap scan marks nothing: it read them all again.)
    jdbi().useTransaction(h -> {
      h.attach(OutboxDao.class).claim("sms", LIMIT, 120_000L);
      h.rollback();
    });
  }

  @Test
  void onStaleStatisticsTheClaimWalksTheBacklogInOrderAndStopsAtItsLimit() throws Exception {
    JsonNode plan = claimPlan(false);
    // The walk passes the rows in flight (their contacts wait), then claims LIMIT heads, probing
    // only those; the bitmap scan probed every due row (800) before keeping LIMIT.
    long examined = examined(plan);
    assertTrue(examined <= 2L * (IN_FLIGHT + LIMIT),
        "the claim examined " + examined + " outbox rows for a backlog of " + CONTACTS * ROWS_PER_CONTACT + ":\n" + plan);
  }

  @Test
  void evenAGenericPlanMadeOnStaleStatisticsIsAnOrderedWalk() throws Exception {
    JsonNode plan = claimPlan(true);
    JsonNode walk = walk(plan);
    assertEquals("Index Scan", walk.path("Node Type").asText(), "the claim's walk:\n" + plan);
    assertEquals("outbox_channel_unfinished_idx", walk.path("Index Name").asText(), "the claim's walk:\n" + plan);
    assertEquals(LIMIT, walk.path("Actual Rows").asLong(), "the walk stops at the limit:\n" + plan);
    // Index pages of the walk and the claimed rows' updates, and about 4 per probe; the bitmap
    // scan's probes of every due row alone cost more than 2,500 here.
    long buffers = buffers(plan);
    assertTrue(buffers <= 30L * LIMIT, "the claim read " + buffers + " buffers:\n" + plan);
  }

  /**
   * A bound, not a reproduction: on these statistics the planner chose the contact's index for the
   * earlier form of the read too ({@code ORDER BY m.id DESC}); the costly runs of the benchmark
   * were not captured. The read must stay on the contacts' own entries whatever it is planned on.
   */
  @Test
  void theClaimedRowsContactsAreReadThroughTheirOwnEntries() throws Exception {
    long[] contacts = jdbi().withHandle(h -> h.createQuery("SELECT id FROM contacts ORDER BY id LIMIT ?")
        .bind(0, LIMIT).mapTo(Long.class).list()).stream().mapToLong(Long::longValue).toArray();
    JsonNode plan = steeredPlan(ContactDao.RECIPIENTS, Map.of("ids", contacts), true);
    assertFalse(plan.toString().contains("messages_pkey"), "a walk of every message:\n" + plan);
    long buffers = buffers(plan);
    assertTrue(buffers <= 10L * LIMIT, "reading " + LIMIT + " contacts took " + buffers + " buffers:\n" + plan);
  }

  /** The claim's plan as it ran (rolled back), steered as the outbox steers it; generic if asked. */
  private static JsonNode claimPlan(boolean generic) throws Exception {
    return steeredPlan(OutboxDao.CLAIM, Map.of("channel", "sms", "limit", LIMIT, "leaseMillis", 120_000L), generic);
  }

  /**
   * The plan of {@code sql} as it ran (rolled back) in a transaction steered as the outbox's claim
   * steers its own ({@link OutboxDao#steerClaimPlan}); a generic plan if asked.
   */
  private static JsonNode steeredPlan(String sql, Map<String, ?> values, boolean generic) throws Exception {
    String json = jdbi().inTransaction(h -> {
      if (generic) {
        h.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      }
      h.attach(OutboxDao.class).steerClaimPlan();
      String explained = h.createQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
          .bindMap(values).mapTo(String.class).one();
      h.rollback();
      return explained;
    });
    return new ObjectMapper().readTree(json).get(0).get("Plan");
  }

  /** Buffers the whole statement read (the top node counts its children's). */
  private static long buffers(JsonNode plan) {
    return plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
  }

  /** The scan of {@code outbox o}: the claim's walk. */
  private static JsonNode walk(JsonNode node) {
    if ("o".equals(node.path("Alias").asText())) {
      return node;
    }
    for (JsonNode child : node.path("Plans")) {
      JsonNode found = walk(child);
      if (found != null) {
        return found;
      }
    }
    return null;
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
