package org.dalil.web;

import org.dalil.conversation.FlowVersions;
import org.dalil.flow.FlowSet;
import org.dalil.store.Database;

/** Ready when the database answers and a flow version is in use. */
record DatabaseReadiness(Database database, FlowVersions versions) implements Readiness {
  @Override
  public boolean databaseReachable() {
    return database.isReachable();
  }

  @Override
  public String flowVersion() {
    FlowSet current = versions.current();
    return current == null ? null : current.version();
  }
}
