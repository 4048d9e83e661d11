package org.dalil.admin;

import java.time.Instant;
import java.util.Map;

/**
 * The sources admins are editing, not yet published.
 *
 * @param revision grows on every save; a save must name the revision it was made from
 * @param basedOn the version the draft started from (null when unknown)
 */
public record Draft(Map<String, String> sources, int revision, String basedOn, Instant updatedAt) {
  public Draft {
    sources = Map.copyOf(sources);
  }
}
