package org.dalil.admin;

import java.util.List;
import org.dalil.flow.Problem;

/** What became of a publish (or a rollback). */
public sealed interface PublishResult {
  record Published(Publication publication) implements PublishResult {}

  /** The sources have errors: nothing was published. */
  record Refused(List<Problem> errors) implements PublishResult {}

  /** The draft changed since the admin looked at it. */
  record Conflict(int expected, int actual) implements PublishResult {}

  /** No such stored version (rollback). */
  record Unknown(String version) implements PublishResult {}
}
