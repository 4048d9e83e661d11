package org.dalil.store;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for a test class:
 * {@code @RegisterExtension static final TestDatabaseExtension db = new TestDatabaseExtension();}
 * then {@code db.database()} in tests.
 */
public final class TestDatabaseExtension implements BeforeAllCallback, AfterAllCallback {
  private TestDatabase testDatabase;

  @Override
  public void beforeAll(ExtensionContext context) {
    testDatabase = TestDatabases.create();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (testDatabase != null) {
      testDatabase.close();
      testDatabase = null;
    }
  }

  public Database database() {
    return testDatabase().database();
  }

  public TestDatabase testDatabase() {
    if (testDatabase == null) {
      throw new IllegalStateException("register the extension as a static field with @RegisterExtension");
    }
    return testDatabase;
  }
}
