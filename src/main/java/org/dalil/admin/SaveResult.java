package org.dalil.admin;

/** What became of a draft save. */
public sealed interface SaveResult {
  record Saved(int revision) implements SaveResult {}

  /** Another admin saved first: the edit was made from {@code expected}, the draft is at {@code actual}. */
  record Conflict(int expected, int actual) implements SaveResult {}
}
