package org.dalil.web;

/** What {@code /health/ready} reports: the server can serve conversations. */
public interface Readiness {
  boolean databaseReachable();

  /** The version of the flows in use, or null when none is loaded. */
  String flowVersion();
}
