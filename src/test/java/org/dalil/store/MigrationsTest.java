package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void createTheSchema() {
    List<String> tables = db.database().jdbi().withHandle(h -> h.createQuery("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'
            ORDER BY table_name""")
        .mapTo(String.class).list());
    // Each migration's tables are there (later migrations add their own; V5 is the inbox's).
    assertTrue(tables.containsAll(List.of("contacts", "conversations", "flow_versions", "handoffs", "messages", "outbox")),
        tables.toString());
    assertTrue(tables.containsAll(List.of("volunteers", "volunteer_sessions", "login_throttle", "handoff_replies",
        "held_replies", "handoff_notes", "inbox_settings", "audit_log")), tables.toString());

    List<Boolean> applied = db.database().jdbi().withHandle(h ->
        h.createQuery("SELECT success FROM flyway_schema_history WHERE version IS NOT NULL").mapTo(Boolean.class).list());
    assertFalse(applied.isEmpty());
    assertTrue(applied.stream().allMatch(ok -> ok));
  }

  @Test
  void areAppliedOnceWhenASecondInstanceOpensTheDatabase() {
    int before = historyRows(db.database());
    Database second = db.testDatabase().openAnother();
    assertTrue(second.isReachable());
    assertEquals(before, historyRows(second));
  }

  @Test
  void anUnreachableServerIsOneClearErrorWithoutThePassword() {
    DatabaseException e = assertThrows(DatabaseException.class,
        () -> Database.open(DatabaseSettings.server("jdbc:postgresql://127.0.0.1:1/dalil", "dalil", "s3cret-pw")));
    assertTrue(e.getMessage().startsWith("cannot connect to the database"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
    assertFalse(DatabaseSettings.server("jdbc:postgresql://h/db", "u", "s3cret-pw").toString().contains("s3cret-pw"));
  }

  private static int historyRows(Database database) {
    return database.jdbi().withHandle(h ->
        h.createQuery("SELECT count(*) FROM flyway_schema_history").mapTo(Integer.class).one());
  }
}
