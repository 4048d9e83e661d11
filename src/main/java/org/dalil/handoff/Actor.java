package org.dalil.handoff;

import java.util.List;

/**
 * The volunteer acting in the inbox, as the handoff rules need them.
 *
 * @param admin admins may release, transfer and resolve any conversation and see full addresses
 * @param languages the languages they answer in
 */
public record Actor(long id, boolean admin, List<String> languages) {
  public Actor {
    languages = List.copyOf(languages);
  }
}
