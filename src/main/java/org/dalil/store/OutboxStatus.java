package org.dalil.store;

import java.util.Locale;

/** Where an outbox row is on its way out; stored in lower case. */
public enum OutboxStatus {
  /** Waiting for its turn ({@code next_attempt_at}). */
  PENDING,
  /** Claimed by a worker until {@code locked_until}. */
  SENDING,
  SENT,
  /** Given up: a permanent error or too many attempts. */
  FAILED;

  public String sql() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OutboxStatus fromSql(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
