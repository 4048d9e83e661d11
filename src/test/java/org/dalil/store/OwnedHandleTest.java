package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OwnedHandleTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void keepsOneConnectionAndOneDaoUntilAStatementFailsThenOpensAnother() {
    Jdbi jdbi = db.database().jdbi();
    try (OwnedHandle owned = new OwnedHandle(jdbi)) {
      int backend = backendPid(owned);
      assertEquals(backend, backendPid(owned), "the same connection for every call");
      assertSame(owned.dao(OutboxDao.class), owned.dao(OutboxDao.class), "attached once");

      // The database drops the connection (a restart, a network cut): that call fails, the next works.
      jdbi.useHandle(h -> h.execute("SELECT pg_terminate_backend(?)", backend));
      assertThrows(RuntimeException.class,
          () -> owned.with(OutboxDao.class, dao -> dao.find(1)));
      int after = backendPid(owned);
      assertNotEquals(backend, after);
      assertEquals(java.util.Optional.empty(), owned.with(OutboxDao.class, dao -> dao.find(-1)));
    }
  }

  private static int backendPid(OwnedHandle owned) {
    Integer pid = owned.inTransaction(h -> h.select("SELECT pg_backend_pid()").mapTo(Integer.class).one());
    return pid;
  }
}
