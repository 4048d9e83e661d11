package org.dalil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailuresTest {
  @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();

  @Test
  void aFailedStatementIsDescribedWithoutItsValues() {
    Jdbi jdbi = db.database().jdbi();
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO no_such_table (body) VALUES (:body)")
            .bind("body", "Je suis sans papiers à Oujda").execute()));
    String described = Failures.describe(e);
    assertEquals("UnableToExecuteStatementException (SQL state 42P01)", described);
    assertFalse(described.contains("Oujda"));
    assertEquals("IllegalStateException", Failures.describe(new IllegalStateException("secret +212600000000")));
  }
}
