package org.dalil.web.inbox;

import java.util.List;
import org.dalil.handoff.HandoffSummary;

/** The end-of-shift page: the volunteer's open conversations, each with a note field. */
public record HandoverModel(List<HandoffSummary> mine) {}
