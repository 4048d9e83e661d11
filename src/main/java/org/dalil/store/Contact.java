package org.dalil.store;

import java.time.Instant;

/** A contact as the rest of Dalil sees it: the address only masked. */
public record Contact(
    long id, String channel, String addressMasked, String language, Instant optedOutAt, Instant createdAt) {

  public boolean optedOut() {
    return optedOutAt != null;
  }
}
