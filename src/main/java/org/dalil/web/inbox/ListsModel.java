package org.dalil.web.inbox;

import java.util.List;
import org.dalil.handoff.HandoffSummary;

/**
 * The inbox's lists: the volunteer's conversations, the queue, the others'.
 *
 * @param atCap the volunteer holds as many as the cap allows: the queue offers nothing more
 */
public record ListsModel(
    List<HandoffSummary> mine, List<HandoffSummary> queue, List<HandoffSummary> others, int caseload, int cap) {

  public boolean atCap() {
    return caseload >= cap;
  }
}
