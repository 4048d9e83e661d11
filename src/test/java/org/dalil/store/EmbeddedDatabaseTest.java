package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: a PostgreSQL whose data survives restarts, one server per data directory. */
class EmbeddedDatabaseTest {

  @TempDir Path dir;

  @Test
  void keepsDataAcrossRestarts() {
    Path data = dir.resolve("postgres");
    long id;
    try (Database db = Database.open(DatabaseSettings.embedded(data))) {
      assertTrue(db.isEmbedded());
      assertTrue(db.isReachable());
      id = db.jdbi().withExtension(ContactDao.class, d -> d.upsert("sms", "+212600000123"));
    }

    try (Database db = Database.open(DatabaseSettings.embedded(data))) {
      Optional<Long> found = db.jdbi().withExtension(ContactDao.class, d -> d.findId("sms", "+212600000123"));
      assertEquals(Optional.of(id), found);
      // Durable: the database of record does not run with zonky's test shortcuts.
      assertEquals("on", db.jdbi().withHandle(h -> h.createQuery("SHOW fsync").mapTo(String.class).one()));
      assertEquals("on", db.jdbi().withHandle(h -> h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()));
    }
  }

  @Test
  void refusesASecondServerOnTheSameDataDirectory() {
    Path data = dir.resolve("postgres");
    try (Database first = Database.open(DatabaseSettings.embedded(data))) {
      DatabaseException e = assertThrows(DatabaseException.class,
          () -> Database.open(DatabaseSettings.embedded(data)).close());
      assertTrue(e.getMessage().contains("already used by another Dalil server"), e.getMessage());
      // The first one is unharmed.
      assertTrue(first.isReachable());
    }
  }

  @Test
  void isNotReachableOnceClosed() {
    Database db = Database.open(DatabaseSettings.embedded(dir.resolve("postgres")));
    db.close();
    assertFalse(db.isReachable());
  }
}
