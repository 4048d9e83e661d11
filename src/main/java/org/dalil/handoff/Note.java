package org.dalil.handoff;

import java.time.Instant;

/**
 * An internal note on a conversation, read by volunteers only.
 *
 * @param kind {@code note}, {@code handover} (left when a shift ended) or {@code transfer_request}
 */
public record Note(long id, long handoffId, String kind, String body, Instant createdAt, String author) {

  public static final String NOTE = "note";
  public static final String HANDOVER = "handover";
  public static final String TRANSFER_REQUEST = "transfer_request";
}
