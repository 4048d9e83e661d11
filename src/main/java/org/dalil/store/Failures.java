package org.dalil.store;

import java.sql.SQLException;

/**
 * What a log line may say about a failed statement. Jdbi's exception messages quote the statement
 * with its bound values (a message body, an address hash, a payload), which must never reach the
 * logs: only the exception's class and the SQL state are kept.
 */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable e) {
    StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return out.append(" (SQL state ").append(sql.getSQLState()).append(')').toString();
      }
    }
    return out.toString();
  }
}
