package org.dalil.store;

import java.util.ArrayList;
import java.util.List;

/** A database of its own for one test class. Closing it closes its pools and drops it. */
public final class TestDatabase implements AutoCloseable {
  private final DatabaseSettings settings;
  private final Database database;
  private final Runnable drop;
  private final List<Database> others = new ArrayList<>();

  TestDatabase(DatabaseSettings settings, Database database, Runnable drop) {
    this.settings = settings;
    this.database = database;
    this.drop = drop;
  }

  public Database database() {
    return database;
  }

  /** Where it is, to open it as a server would. */
  public DatabaseSettings settings() {
    return settings;
  }

  /** Another pool on the same database, as a second server instance has; closed with this. */
  public synchronized Database openAnother() {
    Database other = Database.open(settings);
    others.add(other);
    return other;
  }

  @Override
  public synchronized void close() {
    others.forEach(Database::close);
    database.close();
    drop.run();
  }
}
